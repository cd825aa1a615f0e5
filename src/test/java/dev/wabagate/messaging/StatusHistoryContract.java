package dev.wabagate.messaging;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.wabagate.support.GatewayClient;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.upstream.UpstreamStatus;
import dev.wabagate.upstream.UpstreamStatus.Kind;
import dev.wabagate.upstream.UpstreamStatusHandler;

import org.springframework.context.ApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A message's history as {@code GET /v1/messages/{id}} shows it, read from the status
 * times on its row (ADR 0030): each status once, in the lattice's order, at the time of
 * the report that reached it, the error on the status whose report carried it; a late or
 * duplicate report changes nothing. Both ways a status is applied are covered: a batch of
 * reports ({@link UpstreamStatusHandler}) and one report at a time
 * ({@link MessageLifecycle#apply}, the path of a raced batch and of the dispatcher's
 * failures). The implementations slow the sandbox down so that the tests alone report.
 */
interface StatusHistoryContract {

	String CUSTOMER = "919812340001";

	GatewayClient gateway();

	ApplicationContext context();

	@Test
	default void aReadRecordsTheStepsItImpliesAtItsTimeAndLateOrDuplicateReportsChangeNothing() {
		TestChannel channel = newChannel();
		Sent batched = send(channel);
		Sent oneByOne = send(channel);
		Instant readAt = secondsFromNow(2);

		report(status(batched, Kind.READ, readAt));
		applyOneByOne(oneByOne, status(oneByOne, Kind.READ, readAt));

		List<JsonNode> read = List.of(view(batched), view(oneByOne));
		for (JsonNode message : read) {
			assertThat(history(message)).containsExactly(step("accepted", createdAt(message)), step("sent", readAt),
					step("delivered", readAt), step("read", readAt));
			assertThat(message.has("error")).isFalse();
		}

		report(status(batched, Kind.SENT, readAt.minusSeconds(1)),
				status(batched, Kind.DELIVERED, readAt.minusSeconds(1)),
				status(batched, Kind.READ, readAt.plusSeconds(5)), failed(batched, readAt.plusSeconds(6), 131026));
		applyOneByOne(oneByOne, status(oneByOne, Kind.DELIVERED, readAt.plusSeconds(3)));
		applyOneByOne(oneByOne, status(oneByOne, Kind.READ, readAt.plusSeconds(5)));

		assertThat(List.of(view(batched), view(oneByOne))).isEqualTo(read);
		assertThat(read).allSatisfy((message) -> {
			assertThat(message.get("status").asString()).isEqualTo("read");
			assertThat(Instant.parse(message.get("updated_at").asString())).isEqualTo(readAt);
		});
	}

	@Test
	default void aFailedMessageShowsItsErrorOnItsFailedStepAndNothingFollowsIt() {
		Sent sent = send(newChannel());
		Instant sentAt = secondsFromNow(1);

		report(status(sent, Kind.SENT, sentAt));
		applyOneByOne(sent, failed(sent, sentAt.plusSeconds(2), 131026));
		report(failed(sent, sentAt.plusSeconds(3), 131047), status(sent, Kind.READ, sentAt.plusSeconds(4)));
		applyOneByOne(sent, failed(sent, sentAt.plusSeconds(5), 131047));

		JsonNode message = view(sent);
		assertThat(message.get("status").asString()).isEqualTo("failed");
		assertThat(history(message)).containsExactly(step("accepted", createdAt(message)), step("sent", sentAt),
				new Step("failed", sentAt.plusSeconds(2), 131026, "Message Undeliverable"));
		assertThat(message.get("error").get("code").asInt()).isEqualTo(131026);
		assertThat(message.get("error").get("title").asString()).isEqualTo("Message Undeliverable");
		assertThat(message.get("error").get("details").asString()).isEqualTo("not on WhatsApp");
	}

	@Test
	default void anErrorReportedWithAStatusThatIsNotFailedStaysOnThatStatus() {
		Sent sent = send(newChannel());
		Instant sentAt = secondsFromNow(1);

		report(new UpstreamStatus(sent.channel().channelId(), sent.wamid(), Kind.SENT, sentAt, 131049,
				"Ecosystem warning", "a warning with a sent status"),
				status(sent, Kind.DELIVERED, sentAt.plusSeconds(1)));

		JsonNode message = view(sent);
		assertThat(history(message)).containsExactly(step("accepted", createdAt(message)),
				new Step("sent", sentAt, 131049, "Ecosystem warning"), step("delivered", sentAt.plusSeconds(1)));
		assertThat(message.get("error").get("code").asInt()).isEqualTo(131049);
	}

	/** One entry of a message's {@code statuses}. */
	record Step(String status, Instant timestamp, @Nullable Integer errorCode, @Nullable String errorTitle) {
	}

	/** A message the gateway sent on a channel, with the provider's id of it. */
	record Sent(TestChannel channel, String id, String wamid) {
	}

	private static Step step(String status, Instant at) {
		return new Step(status, at, null, null);
	}

	private static List<Step> history(JsonNode message) {
		return message.get("statuses")
			.valueStream()
			.map((s) -> new Step(s.get("status").asString(), Instant.parse(s.get("timestamp").asString()),
					s.has("error_code") ? s.get("error_code").asInt() : null,
					s.has("error_title") ? s.get("error_title").asString() : null))
			.toList();
	}

	private static Instant createdAt(JsonNode message) {
		return Instant.parse(message.get("created_at").asString());
	}

	private static Instant secondsFromNow(long seconds) {
		return Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(seconds);
	}

	private TestChannel newChannel() {
		TestChannel channel = gateway().newSandboxChannel();
		gateway().customerWrites(channel, CUSTOMER);
		return channel;
	}

	private Sent send(TestChannel channel) {
		String id = gateway()
			.curlData("POST", "/v1/messages", channel.apiKey(),
					"{\"to\":\"" + CUSTOMER + "\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}")
			.json()
			.get("messages")
			.get(0)
			.get("id")
			.asString();
		JsonNode dispatched = gateway()
			.await("/v1/messages/" + id, channel.apiKey(), (r) -> r.json().has("upstream_message_id"),
					Duration.ofSeconds(20))
			.json();
		return new Sent(channel, id, dispatched.get("upstream_message_id").asString());
	}

	private JsonNode view(Sent sent) {
		return gateway().get("/v1/messages/" + sent.id(), sent.channel().apiKey()).json();
	}

	private static UpstreamStatus status(Sent sent, Kind kind, Instant at) {
		return new UpstreamStatus(sent.channel().channelId(), sent.wamid(), kind, at, null, null, null);
	}

	private static UpstreamStatus failed(Sent sent, Instant at, int code) {
		return new UpstreamStatus(sent.channel().channelId(), sent.wamid(), Kind.FAILED, at, code,
				(code == 131026) ? "Message Undeliverable" : "Re-engagement message", "not on WhatsApp");
	}

	private void report(UpstreamStatus... reports) {
		context().getBean(UpstreamStatusHandler.class).onStatuses(List.of(reports));
	}

	/**
	 * Applies a report to its message in a transaction of its own, one step at a time.
	 */
	private void applyOneByOne(Sent sent, UpstreamStatus report) {
		context().getBean(TransactionTemplate.class)
			.executeWithoutResult((tx) -> context().getBean(MessageLifecycle.class).apply(sent.id(), report));
	}

}
