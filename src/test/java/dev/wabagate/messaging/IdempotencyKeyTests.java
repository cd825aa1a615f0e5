package dev.wabagate.messaging;

import java.net.http.HttpRequest;
import java.sql.Timestamp;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.PostgresGatewayTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyKeyTests extends PostgresGatewayTest {

	private static final String BODY = "{\"to\":\"919999999999\",\"type\":\"text\",\"text\":{\"body\":\"once\"}}";

	@Autowired
	private JdbcClient jdbc;

	@Test
	void aDuplicateArrivingWhileTheFirstIsInFlightGets409AndNothingIsStored() {
		TestChannel channel = gateway().newSandboxChannel();
		gateway().customerWrites(channel, "919999999999");
		claimInFlight(channel, "in-flight", Instant.now());

		Response duplicate = send(channel, "in-flight");

		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(messagesOf(channel)).isZero();
	}

	@Test
	void aClaimAbandonedByACrashedRequestGivesWayToTheRetry() {
		TestChannel channel = gateway().newSandboxChannel();
		gateway().customerWrites(channel, "919999999999");
		claimInFlight(channel, "abandoned", Instant.now().minusSeconds(120));

		Response retry = send(channel, "abandoned");

		assertThat(retry.status()).isEqualTo(201);
		assertThat(messagesOf(channel)).isEqualTo(1);
	}

	@Test
	void aRefusedRequestDoesNotBurnItsKey() {
		TestChannel channel = gateway().newSandboxChannel();
		gateway().customerWrites(channel, "919999999999");

		Response refused = gateway().request(gateway().to("/v1/messages")
			.header("API-KEY", channel.apiKey())
			.header("Idempotency-Key", "fix-and-retry")
			.POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"919999999999\",\"type\":\"text\",\"text\":{}}")));
		Response fixed = send(channel, "fix-and-retry");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(fixed.status()).isEqualTo(201);
	}

	private void claimInFlight(TestChannel channel, String key, Instant at) {
		String sameBody = IdempotencyKeys.hash(JsonMapper.builder().build().readTree(BODY).toString());
		this.jdbc.sql("""
				insert into idempotency_keys (channel_id, idempotency_key, request_hash, created_at)
				values (?, ?, ?, ?)""").params(channel.channelId(), key, sameBody, Timestamp.from(at)).update();
	}

	private Response send(TestChannel channel, String key) {
		return gateway().request(gateway().to("/v1/messages")
			.header("API-KEY", channel.apiKey())
			.header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString(BODY)));
	}

	private int messagesOf(TestChannel channel) {
		return this.jdbc.sql("select count(*) from messages where channel_id = ?")
			.param(channel.channelId())
			.query(Integer.class)
			.single();
	}

}
