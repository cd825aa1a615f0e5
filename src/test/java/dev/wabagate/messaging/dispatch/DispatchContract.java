package dev.wabagate.messaging.dispatch;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.wabagate.support.GatewayClient;
import dev.wabagate.support.GatewayClient.TestChannel;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the dispatcher paces, retries and gives up, observed from outside: through the API
 * and through what the sandbox "WhatsApp" received, in order, with its clock.
 */
interface DispatchContract {

	GatewayClient gateway();

	JdbcClient jdbc();

	@Test
	default void aChannelSendsAtItsThroughputLimit() {
		TestChannel channel = channelAt(20);

		Instant allAccepted = sendTemplates(channel, "91980010", 120);

		List<Instant> backlog = awaitReceived(channel, 120).stream().filter((at) -> at.isAfter(allAccepted)).toList();
		assertThat(backlog).hasSizeGreaterThan(10);
		// Never faster than the limit (a busy machine can only make it slower); the slot
		// arithmetic itself is checked exactly in ChannelPaceTests.
		double rate = (backlog.size() - 1) / seconds(backlog.get(0), backlog.get(backlog.size() - 1));
		assertThat(rate).isLessThanOrEqualTo(22.0);
	}

	/**
	 * The node runs one send at a time here ({@code max-in-flight=1}): a paced channel's
	 * send waiting for its slot must not hold it, or every other channel waits too.
	 */
	@Test
	default void aSendWaitingForItsPacingSlotLeavesTheNodeFreeForOtherChannels() {
		TestChannel slow = channelAt(1);
		sendTemplates(slow, "91980030", 3);
		awaitReceived(slow, 1);
		TestChannel other = gateway().newSandboxChannelWithHelloTemplate();

		sendTemplate(other, "919800400100");

		Instant otherReceived = awaitReceived(other, 1).get(0);
		// The slow channel's second slot is a second after its first.
		assertThat(otherReceived).isBefore(awaitReceived(slow, 2).get(1));
	}

	@Test
	default void aThroughputErrorSlowsTheChannelWhichThenClimbsBackToItsLimit() {
		TestChannel channel = channelAt(20);
		gateway().admin("PUT", "/admin/v1/channels/" + channel.channelId() + "/sandbox-faults",
				"{\"error_code\":130429,\"count\":1}");

		sendTemplates(channel, "91980020", 160);

		List<Instant> received = awaitReceived(channel, 160);
		Instant throttled = jdbc()
			.sql("select min(a.attempted_at) from message_attempts a join messages m on m.id = a.message_id "
					+ "where m.channel_id = ? and a.error_code = 130429")
			.param(channel.channelId())
			.query(Timestamp.class)
			.single()
			.toInstant();
		Instant resumed = received.stream().filter((at) -> at.isAfter(throttled.plusMillis(900))).findFirst().get();
		// Slower than the limit right after the pause, and every message still goes out;
		// the
		// halving and the linear climb back are checked exactly in ChannelPaceTests.
		assertThat(countBetween(received, resumed, resumed.plusSeconds(1))).isLessThan(17);
	}

	@Test
	default void aPairRateErrorBacksOffOnlyThatRecipientFourToTheNSeconds() {
		TestChannel channel = gateway().newSandboxChannelWithHelloTemplate();
		String limited = sendTemplate(channel, "919800131056");
		List<String> others = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			others.add(sendTemplate(channel, "9198003000" + i));
		}

		JsonNode gaveUp = awaitStatus(channel, limited, "failed");
		assertThat(gaveUp.get("error").get("code").asInt()).isEqualTo(1110);
		JsonNode attempts = gaveUp.get("attempts");
		assertThat(attempts).hasSize(2);
		assertThat(attempts.valueStream().map((a) -> a.get("error_code").asInt())).containsOnly(131056);
		Instant first = Instant.parse(attempts.get(0).get("attempted_at").asString());
		Instant second = Instant.parse(attempts.get(1).get("attempted_at").asString());
		assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
		for (String other : others) {
			JsonNode sent = awaitStatus(channel, other, "read");
			assertThat(Instant.parse(sent.get("attempts").get(0).get("attempted_at").asString())).isBefore(second);
		}
	}

	@Test
	default void retryableErrorsAreRetriedWithGrowingDelaysUntilSentOrGivenUp() {
		TestChannel channel = gateway().newSandboxChannelWithHelloTemplate();
		String failing = sendTemplate(channel, "919800131000");

		JsonNode gaveUp = awaitStatus(channel, failing, "failed");

		assertThat(gaveUp.get("error").get("code").asInt()).isEqualTo(1110);
		JsonNode attempts = gaveUp.get("attempts");
		assertThat(attempts.size()).isGreaterThanOrEqualTo(3);
		// The growing delays themselves are checked at fixed times in RetryPolicyTests.
		assertThat(attempts.valueStream().map((a) -> a.get("outcome").asString())).containsOnly("retry");

		TestChannel flaky = gateway().newSandboxChannelWithHelloTemplate();
		gateway().admin("PUT", "/admin/v1/channels/" + flaky.channelId() + "/sandbox-faults",
				"{\"error_code\":131000,\"count\":2}");
		JsonNode sent = awaitStatus(flaky, sendTemplate(flaky, "919800400001"), "read");
		assertThat(sent.get("attempts").valueStream().map((a) -> a.get("outcome").asString())).containsExactly("retry",
				"retry", "accepted");
	}

	private TestChannel channelAt(int mps) {
		TestChannel channel = gateway().newSandboxChannelWithHelloTemplate();
		gateway().admin("PATCH", "/admin/v1/channels/" + channel.channelId(), "{\"throughput_mps\":" + mps + "}");
		return channel;
	}

	/**
	 * Sends from several threads, so the channel's backlog builds faster than it drains.
	 * @return when the last one was accepted
	 */
	private Instant sendTemplates(TestChannel channel, String prefix, int count) {
		try (ExecutorService senders = Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < count; i++) {
				String to = prefix + String.format("%04d", i);
				senders.execute(() -> sendTemplate(channel, to));
			}
		}
		return Instant.now();
	}

	private String sendTemplate(TestChannel channel, String to) {
		String body = """
				{"to":"%s","type":"template","template":{"namespace":"ns","name":"hello",
				 "language":{"policy":"deterministic","code":"en"}}}""".formatted(to);
		GatewayClient.Response accepted = gateway().curlData("POST", "/v1/messages", channel.apiKey(), body);
		assertThat(accepted.status()).isEqualTo(201);
		return accepted.json().get("messages").get(0).get("id").asString();
	}

	private JsonNode awaitStatus(TestChannel channel, String messageId, String status) {
		return gateway()
			.await("/v1/messages/" + messageId, channel.apiKey(),
					(r) -> status.equals(r.json().get("status").asString()), Duration.ofSeconds(30))
			.json();
	}

	private List<Instant> awaitReceived(TestChannel channel, int count) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		List<Instant> received = received(channel);
		while (received.size() < count && System.nanoTime() < deadline) {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			received = received(channel);
		}
		assertThat(received).hasSize(count);
		return received;
	}

	private List<Instant> received(TestChannel channel) {
		return jdbc().sql("select received_at from sandbox_received where channel_id = ? order by received_at, id")
			.param(channel.channelId())
			.query((rs, i) -> rs.getTimestamp(1).toInstant())
			.list();
	}

	private static long countBetween(List<Instant> times, Instant from, Instant until) {
		return times.stream().filter((at) -> !at.isBefore(from) && at.isBefore(until)).count();
	}

	private static double seconds(Instant from, Instant until) {
		return Duration.between(from, until).toNanos() / 1e9;
	}

}
