package dev.wabagate.upstream;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.wabagate.support.GatewayClient;
import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What any provider must do for the gateway, observed through the whole gateway: the
 * business API in front, the provider's own reporting path behind. One implementation per
 * provider ({@code sandbox}, {@code meta}).
 */
public interface ProviderContract {

	String CUSTOMER = "919812345678";

	/** A number the sandbox cannot deliver to; other providers are told by the test. */
	String UNREACHABLE_CUSTOMER = "919800131026";

	GatewayClient gateway();

	/** A new account with one channel on this provider. */
	TestChannel newChannel();

	/**
	 * The customer writes to the channel the provider's way, opening the 24-hour window.
	 */
	void customerWrites(TestChannel channel, String waId);

	/** The provider reports a status for a message it accepted, the provider's way. */
	void providerReports(TestChannel channel, String wamid, String status, @Nullable Integer errorCode);

	/** The provider answers the channel's next send with this WhatsApp error code. */
	void nextSendFails(TestChannel channel, int errorCode);

	@Test
	default void aTextMessageIsAcceptedAndItsWamidRecorded() {
		TestChannel channel = newChannel();
		customerWrites(channel, CUSTOMER);

		String id = send(channel, "Hello");

		JsonNode message = awaitMessage(channel, id, (m) -> m.hasNonNull("upstream_message_id"));
		assertThat(message.get("upstream_message_id").asString()).startsWith("wamid.");
		assertThat(outcomes(message)).containsExactly("accepted");
	}

	@Test
	default void statusesOnlyMoveForwardWhateverOrderTheyArriveIn() {
		TestChannel channel = newChannel();
		customerWrites(channel, CUSTOMER);
		String id = send(channel, "In order?");
		String wamid = awaitMessage(channel, id, (m) -> m.hasNonNull("upstream_message_id")).get("upstream_message_id")
			.asString();

		providerReports(channel, wamid, "sent", null);
		providerReports(channel, wamid, "read", null);
		providerReports(channel, wamid, "delivered", null);

		JsonNode message = awaitMessage(channel, id, (m) -> "read".equals(m.get("status").asString()));
		List<String> history = message.get("statuses").valueStream().map((s) -> s.get("status").asString()).toList();
		assertThat(message.get("status").asString()).isEqualTo("read");
		assertThat(history).startsWith("accepted").endsWith("read").doesNotHaveDuplicates();
	}

	@Test
	default void anAsynchronousFailureFailsTheMessageWithItsCode() {
		TestChannel channel = newChannel();
		customerWrites(channel, UNREACHABLE_CUSTOMER);
		String id = send(channel, UNREACHABLE_CUSTOMER, "Undeliverable");
		String wamid = awaitMessage(channel, id, (m) -> m.hasNonNull("upstream_message_id")).get("upstream_message_id")
			.asString();

		providerReports(channel, wamid, "failed", 131026);

		JsonNode message = awaitMessage(channel, id, (m) -> "failed".equals(m.get("status").asString()));
		assertThat(message.get("error").get("code").asInt()).isEqualTo(131026);
	}

	@Test
	default void aPermanentErrorFailsTheMessageWithItsCode() {
		TestChannel channel = newChannel();
		customerWrites(channel, CUSTOMER);
		nextSendFails(channel, 131009);

		String id = send(channel, "Refused");

		JsonNode message = awaitMessage(channel, id, (m) -> "failed".equals(m.get("status").asString()));
		assertThat(message.get("error").get("code").asInt()).isEqualTo(131009);
		assertThat(outcomes(message)).containsExactly("rejected");
	}

	@Test
	default void aThroughputErrorIsRetriedUntilTheProviderAccepts() {
		TestChannel channel = newChannel();
		customerWrites(channel, CUSTOMER);
		nextSendFails(channel, 130429);

		String id = send(channel, "Later");

		JsonNode message = awaitMessage(channel, id, (m) -> m.hasNonNull("upstream_message_id"));
		assertThat(outcomes(message)).containsExactly("retry", "accepted");
		assertThat(message.get("attempts").get(0).get("error_code").asInt()).isEqualTo(130429);
	}

	private String send(TestChannel channel, String text) {
		return send(channel, CUSTOMER, text);
	}

	private String send(TestChannel channel, String to, String text) {
		Response accepted = gateway().curlData("POST", "/v1/messages", channel.apiKey(), """
				{"to":"+%s","type":"text","text":{"body":"%s"}}""".formatted(to, text));
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
		return accepted.json().get("messages").get(0).get("id").asString();
	}

	private JsonNode awaitMessage(TestChannel channel, String id, java.util.function.Predicate<JsonNode> done) {
		return gateway()
			.await("/v1/messages/" + id, channel.apiKey(), (r) -> done.test(r.json()), Duration.ofSeconds(20))
			.json();
	}

	private static List<String> outcomes(JsonNode message) {
		return message.get("attempts").valueStream().map((a) -> a.get("outcome").asString()).toList();
	}

}
