package dev.wabagate.messaging;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.wabagate.support.GatewayClient;
import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.templates.TemplatesApiContract;

import static org.assertj.core.api.Assertions.assertThat;

/** What /v1/messages promises, run against each database. */
interface MessagesApiContract {

	GatewayClient gateway();

	String CUSTOMER = "919999999999";

	default String text(String to, String body) {
		return "{\"to\":\"" + to + "\",\"recipient_type\":\"individual\",\"type\":\"text\",\"text\":{\"body\":\"" + body
				+ "\"}}";
	}

	@Test
	default void aTextMessageIsAcceptedThenReachesReadWithItsHistory() {
		TestChannel channel = gateway().newSandboxChannel();
		gateway().customerWrites(channel, CUSTOMER);

		Response accepted = gateway().curlData("POST", "/v1/messages", channel.apiKey(), text(CUSTOMER, "Hello"));

		assertThat(accepted.status()).isEqualTo(201);
		JsonNode body = accepted.json();
		String id = body.get("messages").get(0).get("id").asString();
		assertThat(id).startsWith("msg_");
		assertThat(body.get("contacts").get(0).get("input").asString()).isEqualTo(CUSTOMER);
		assertThat(body.get("contacts").get(0).get("wa_id").asString()).isEqualTo(CUSTOMER);
		assertThat(body.get("meta").get("api_status").asString()).isEqualTo("stable");

		Response read = gateway().await("/v1/messages/" + id, channel.apiKey(),
				(r) -> "read".equals(r.json().get("status").asString()), Duration.ofSeconds(20));
		JsonNode message = read.json();
		assertThat(message.get("status").asString()).isEqualTo("read");
		assertThat(message.get("upstream_message_id").asString()).startsWith("wamid.");
		assertThat(message.get("statuses").valueStream().map((s) -> s.get("status").asString()))
			.containsExactly("accepted", "sent", "delivered", "read");
		assertThat(message.get("attempts")).hasSize(1);
		assertThat(message.get("attempts").get(0).get("outcome").asString()).isEqualTo("accepted");
		assertThat(message.get("content").get("messaging_product").asString()).isEqualTo("whatsapp");
		assertThat(message.get("content").get("to").asString()).isEqualTo("+" + CUSTOMER);
		assertThat(Instant.parse(message.get("created_at").asString())).isBetween(Instant.now().minusSeconds(60),
				Instant.now());
	}

	@Test
	default void aSessionMessageOutsideTheWindowIsRefusedWith470And131047() {
		TestChannel channel = gateway().newSandboxChannel();

		Response refused = gateway().curlData("POST", "/v1/messages", channel.apiKey(), text("919811112222", "Hi"));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").valueStream().map((e) -> e.get("code").asInt())).containsExactly(470,
				131047);
	}

	@Test
	default void sessionMessagesSentTogetherAreRefusedOnlyWhereTheWindowIsClosed() throws Exception {
		TestChannel channel = gateway().newSandboxChannel();
		List<String> open = List.of("919811114401", "919811114402", "919811114403", "919811114404");
		List<String> closed = List.of("919811114411", "919811114412", "919811114413", "919811114414");
		open.forEach((customer) -> gateway().customerWrites(channel, customer));

		Map<String, Integer> statuses = new ConcurrentHashMap<>();
		try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
			for (String customer : Stream.concat(open.stream(), closed.stream()).toList()) {
				senders.submit(() -> statuses.put(customer,
						gateway().curlData("POST", "/v1/messages", channel.apiKey(), text(customer, "Hi")).status()));
			}
		}

		open.forEach((customer) -> assertThat(statuses.get(customer)).as(customer).isEqualTo(201));
		closed.forEach((customer) -> assertThat(statuses.get(customer)).as(customer).isEqualTo(400));
	}

	@Test
	default void aTemplateMessageNeedsNoOpenWindow() {
		TestChannel channel = gateway().newSandboxChannel();
		TemplatesApiContract.approvedTemplate(gateway(), channel, "hello", "Hello {{1}}, welcome.", "\"Ann\"");
		String template = """
				{"to":"919811113333","type":"template","template":{"namespace":"ns","name":"hello",
				 "language":{"policy":"deterministic","code":"en"},
				 "components":[{"type":"body","parameters":[{"type":"text","text":"Ann"}]}]}}""";

		Response accepted = gateway().curlData("POST", "/v1/messages", channel.apiKey(), template);

		assertThat(accepted.status()).isEqualTo(201);
	}

	@Test
	default void anotherChannelsMessageDoesNotExistForTheCaller() {
		TestChannel owner = gateway().newSandboxChannel();
		TestChannel stranger = gateway().newSandboxChannel();
		gateway().customerWrites(owner, CUSTOMER);
		String id = gateway().curlData("POST", "/v1/messages", owner.apiKey(), text(CUSTOMER, "Hi"))
			.json()
			.get("messages")
			.get(0)
			.get("id")
			.asString();

		assertThat(gateway().get("/v1/messages/" + id, stranger.apiKey()).status()).isEqualTo(404);
		assertThat(gateway().get("/v1/messages/" + id, owner.apiKey()).status()).isEqualTo(200);
	}

	@Test
	default void theSameIdempotencyKeyReplaysTheFirstAnswerAndRefusesAnotherBody() {
		TestChannel channel = gateway().newSandboxChannel();
		gateway().customerWrites(channel, CUSTOMER);
		String key = "order-" + System.nanoTime();

		Response first = gateway().request(gateway().to("/v1/messages")
			.header("API-KEY", channel.apiKey())
			.header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString(text(CUSTOMER, "Once"))));
		Response replay = gateway().request(gateway().to("/v1/messages")
			.header("API-KEY", channel.apiKey())
			.header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString(text(CUSTOMER, "Once"))));
		Response other = gateway().request(gateway().to("/v1/messages")
			.header("API-KEY", channel.apiKey())
			.header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString(text(CUSTOMER, "Twice"))));

		assertThat(first.status()).isEqualTo(201);
		assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(replay.body()).isEqualTo(first.body());
		for (Response answer : List.of(first, replay)) {
			assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
			assertThat(answer.headers().firstValue("Content-Length"))
				.hasValue(String.valueOf(answer.body().getBytes(StandardCharsets.UTF_8).length));
		}
		assertThat(replay.json().get("messages").get(0).get("id").asString())
			.isEqualTo(first.json().get("messages").get(0).get("id").asString());
		assertThat(other.status()).isEqualTo(422);
	}

	@Test
	default void aPermanentProviderErrorFailsTheMessageWithItsWhatsAppCode() {
		TestChannel channel = gateway().newSandboxChannel();
		String undeliverable = "919800131026";
		String invalid = "919800131009";
		gateway().customerWrites(channel, undeliverable);
		gateway().customerWrites(channel, invalid);

		String asyncFailure = gateway().curlData("POST", "/v1/messages", channel.apiKey(), text(undeliverable, "x"))
			.json()
			.get("messages")
			.get(0)
			.get("id")
			.asString();
		String syncFailure = gateway().curlData("POST", "/v1/messages", channel.apiKey(), text(invalid, "x"))
			.json()
			.get("messages")
			.get(0)
			.get("id")
			.asString();

		JsonNode undelivered = gateway()
			.await("/v1/messages/" + asyncFailure, channel.apiKey(),
					(r) -> "failed".equals(r.json().get("status").asString()), Duration.ofSeconds(20))
			.json();
		JsonNode refused = gateway()
			.await("/v1/messages/" + syncFailure, channel.apiKey(),
					(r) -> "failed".equals(r.json().get("status").asString()), Duration.ofSeconds(20))
			.json();
		assertThat(undelivered.get("error").get("code").asInt()).isEqualTo(131026);
		assertThat(refused.get("error").get("code").asInt()).isEqualTo(131009);
		assertThat(refused.get("attempts").get(0).get("outcome").asString()).isEqualTo("rejected");
	}

	@Test
	default void malformedJsonIsRefusedWithLineAndColumnAndDuplicateKeysByName() {
		TestChannel channel = gateway().newSandboxChannel();

		Response missingColon = gateway().curlData("POST", "/v1/messages", channel.apiKey(),
				"{\n\"to\" : \"919999999999\",\n\"type\" \"text\"\n}");
		Response duplicateKey = gateway().curlData("POST", "/v1/messages", channel.apiKey(),
				"{\"to\":\"919999999999\",\"type\":\"text\",\"type\":\"image\"}");

		assertThat(missingColon.status()).isEqualTo(400);
		assertThat(missingColon.json().get("errors").get(0).get("details").asString()).contains("line 3, column");
		assertThat(duplicateKey.status()).isEqualTo(400);
		assertThat(duplicateKey.json().get("errors").get(0).get("details").asString()).contains("\"type\"");
	}

	@Test
	default void theSeedsGetWithABodySendsTheMessage() {
		TestChannel channel = gateway().newSandboxChannel();
		gateway().customerWrites(channel, CUSTOMER);
		String document = """
				{"to":"919999999999","recipient_type":"individual","type":"document",
				 "document":{"link":"https://example.com/report.pdf","filename":"report.pdf"}}""";

		Response accepted = gateway().curlData("GET", "/v1/messages", channel.apiKey(), document);

		assertThat(accepted.status()).isEqualTo(201);
	}

	@Test
	default void theKeyIsAcceptedInEveryPlaceTheSeedPutsIt() {
		TestChannel channel = gateway().newSandboxChannel();
		gateway().customerWrites(channel, CUSTOMER);
		String body = text(CUSTOMER, "hi");

		int d360 = gateway()
			.request(gateway().to("/v1/messages")
				.header("D360-API-KEY", channel.apiKey())
				.POST(HttpRequest.BodyPublishers.ofString(body)))
			.status();
		int bearer = gateway()
			.request(gateway().to("/v1/messages")
				.header("Authorization", "Bearer " + channel.apiKey())
				.POST(HttpRequest.BodyPublishers.ofString(body)))
			.status();
		int query = gateway()
			.request(gateway().to("/v1/messages?API%20Key=" + channel.apiKey())
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body)))
			.status();
		Response missing = gateway()
			.request(gateway().to("/v1/messages").POST(HttpRequest.BodyPublishers.ofString(body)));
		Response wrong = gateway().curlData("POST", "/v1/messages", "wbg_nope_nope", body);

		assertThat(d360).isEqualTo(201);
		assertThat(bearer).isEqualTo(201);
		assertThat(query).isEqualTo(201);
		assertThat(missing.status()).isEqualTo(401);
		assertThat(missing.json().get("errors").get(0).get("details").asString()).contains("API-KEY");
		assertThat(wrong.status()).isEqualTo(401);
	}

}
