package dev.wabagate.messaging;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.PostgresGatewayTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener of status changes that fails (a defect in another module) must not undo a
 * recorded send outcome: rolled back, the message would stay leased in the queue and go
 * to WhatsApp again once its lease ran out (ADR 0009). The lease is short here, so a
 * second send would follow at once.
 */
@TestPropertySource(properties = "wabagate.dispatch.lease=3s")
class FailingStatusListenerTests extends PostgresGatewayTest {

	private static final String CUSTOMER = "919812300009";

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private FailingListener listener;

	@Test
	void aFailingListenerCannotCauseASecondSend() {
		TestChannel channel = gateway().newSandboxChannel();
		gateway().customerWrites(channel, CUSTOMER);
		// The provider refuses the next send for good: the dispatcher records the
		// outcome, and publishes the failure, in one transaction.
		gateway().admin("PUT", "/admin/v1/channels/" + channel.channelId() + "/sandbox-faults",
				"{\"error_code\":131051,\"count\":1}");

		Response sent = gateway().curlData("POST", "/v1/messages", channel.apiKey(),
				"{\"to\":\"" + CUSTOMER + "\",\"type\":\"text\",\"text\":{\"body\":\"Hello\"}}");
		String id = sent.json().get("messages").get(0).get("id").asString();
		Response failed = gateway().await("/v1/messages/" + id, channel.apiKey(),
				(r) -> "failed".equals(r.json().path("status").asString("")), Duration.ofSeconds(30));

		JsonNode message = failed.json();
		assertThat(message.get("status").asString()).as(failed.toString()).isEqualTo("failed");
		assertThat(message.get("error").get("code").asInt()).isEqualTo(131051);
		assertThat(this.listener.failures.get()).as("the listener failed").isPositive();
		assertThat(this.jdbc.sql("select count(*) from message_attempts where message_id = ?")
			.param(id)
			.query(Integer.class)
			.single()).as("sends").isEqualTo(1);
		assertThat(this.jdbc.sql("select count(*) from queue_items where ref_id = ?")
			.param(id)
			.query(Integer.class)
			.single()).as("left in the queue").isZero();
	}

	@TestConfiguration
	static class FailingListenerConfiguration {

		@Bean
		FailingListener failingListener() {
			return new FailingListener();
		}

	}

	static class FailingListener {

		final AtomicInteger failures = new AtomicInteger();

		@EventListener
		void onStatusChange(MessageStatusChanged change) {
			if (change.status() == MessageStatus.FAILED) {
				this.failures.incrementAndGet();
				throw new IllegalStateException("A defect in a listener of " + change.messageId());
			}
		}

	}

}
