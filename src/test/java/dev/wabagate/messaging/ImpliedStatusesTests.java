package dev.wabagate.messaging;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.H2GatewayTest;
import dev.wabagate.upstream.UpstreamStatus;
import dev.wabagate.upstream.UpstreamStatus.Kind;
import dev.wabagate.upstream.UpstreamStatusHandler;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox is slowed down here so the test alone reports statuses, out of order. */
@TestPropertySource(properties = { "wabagate.sandbox.sent-delay=1h", "wabagate.sandbox.delivered-delay=1h",
		"wabagate.sandbox.read-delay=1h" })
class ImpliedStatusesTests extends H2GatewayTest {

	@Autowired
	private UpstreamStatusHandler statuses;

	@Test
	void aReadReportedBeforeSentAndDeliveredRecordsEveryStepOnceInOrderAndLateReportsChangeNothing() {
		TestChannel channel = gateway().newSandboxChannel();
		gateway().customerWrites(channel, "919999999999");
		String id = gateway()
			.curlData("POST", "/v1/messages", channel.apiKey(),
					"{\"to\":\"919999999999\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}")
			.json()
			.get("messages")
			.get(0)
			.get("id")
			.asString();
		String wamid = gateway()
			.await("/v1/messages/" + id, channel.apiKey(), (r) -> r.json().has("upstream_message_id"),
					Duration.ofSeconds(20))
			.json()
			.get("upstream_message_id")
			.asString();

		report(channel, wamid, "read");
		report(channel, wamid, "delivered");
		report(channel, wamid, "sent");

		JsonNode message = gateway().get("/v1/messages/" + id, channel.apiKey()).json();
		assertThat(message.get("status").asString()).isEqualTo("read");
		assertThat(message.get("statuses").valueStream().map((s) -> s.get("status").asString()))
			.containsExactly("accepted", "sent", "delivered", "read");
	}

	private void report(TestChannel channel, String wamid, String status) {
		this.statuses.onStatus(new UpstreamStatus(channel.channelId(), wamid, Kind.fromWire(status).orElseThrow(),
				Instant.now(), null, null, null));
	}

}
