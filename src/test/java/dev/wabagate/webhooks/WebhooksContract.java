package dev.wabagate.webhooks;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.wabagate.support.GatewayClient;
import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.WebhookReceiver;
import dev.wabagate.upstream.ProviderContract;
import dev.wabagate.templates.TemplatesApiContract;
import dev.wabagate.support.WebhookReceiver.Mode;
import dev.wabagate.support.WebhookReceiver.Request;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** What webhooks promise to a business, run against each database. */
interface WebhooksContract {

	GatewayClient gateway();

	/** The gateway's database, to remove what a race could remove. */
	JdbcClient jdbc();

	Duration AT_MOST = Duration.ofSeconds(20);

	/** Sets the channel's webhook to the receiver and tells the receiver the secret. */
	default String setWebhook(TestChannel channel, WebhookReceiver receiver, String format) {
		Response set = gateway().curlData("POST", "/v1/configs/webhook", channel.apiKey(),
				"{\"url\":\"" + receiver.url() + "\",\"format\":\"" + format + "\"}");
		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		String secret = set.json().get("secret").asString();
		receiver.secret(secret);
		return secret;
	}

	default Response customerSays(TestChannel channel, String waId, String text) {
		return gateway().curlData("POST", "/v1/sandbox/customer-messages", channel.apiKey(), "{\"from\":\"" + waId
				+ "\",\"profile_name\":\"Ann\",\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"}}");
	}

	default Response sendText(TestChannel channel, String to, String body) {
		return gateway().curlData("POST", "/v1/messages", channel.apiKey(),
				"{\"to\":\"" + to + "\",\"type\":\"text\",\"text\":{\"body\":\"" + body + "\"}}");
	}

	/** Sets the webhook with a setting of how many events a request may carry. */
	default void setBatchedWebhook(TestChannel channel, WebhookReceiver receiver, String format, int maxEvents) {
		Response set = gateway().curlData("POST", "/v1/configs/webhook", channel.apiKey(), "{\"url\":\""
				+ receiver.url() + "\",\"format\":\"" + format + "\",\"max_events_per_request\":" + maxEvents + "}");
		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		assertThat(set.json().get("max_events_per_request").asInt()).isEqualTo(maxEvents);
		if (set.json().has("secret")) {
			receiver.secret(set.json().get("secret").asString());
		}
	}

	/** Waits until {@code count} of the channel's events are delivered. */
	default void awaitDelivered(TestChannel channel, int count) {
		Response delivered = gateway().await("/v1/configs/webhook/events?state=delivered&limit=500", channel.apiKey(),
				(r) -> r.json().get("events").size() >= count, AT_MOST);
		assertThat(delivered.json().get("events")).hasSize(count);
	}

	/** Queues every stored event of the channel again, in one transaction. */
	default void replayAll(TestChannel channel, int expected) {
		Response replay = gateway().curlData("POST", "/v1/configs/webhook/replay", channel.apiKey(),
				"{\"since\":\"2020-01-01T00:00:00Z\"}");
		assertThat(replay.json().get("queued").asInt()).isEqualTo(expected);
	}

	/** The events one v1 body carries, each as its type and chat. */
	static List<List<String>> typesAndChats(JsonNode body) {
		if (body.has("statuses")) {
			return body.get("statuses")
				.valueStream()
				.map((s) -> List.of("message.status." + s.get("status").asString(), s.get("recipient_id").asString()))
				.toList();
		}
		assertThat(body.get("contacts")).hasSize(body.get("messages").size());
		return body.get("messages")
			.valueStream()
			.map((m) -> List.of("message.received", m.get("from").asString()))
			.toList();
	}

	@Test
	default void eventsOfDifferentChatsShareRequestsSignedAsOneEachKindApartAndEachChatInOrder() {
		TestChannel channel = gateway().newSandboxChannel();
		List<String> customers = List.of("919812100001", "919812100002", "919812100003");
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			setBatchedWebhook(channel, receiver, "v1", 10);
			for (String customer : customers) {
				customerSays(channel, customer, "hi");
				assertThat(sendText(channel, customer, "Hello").status()).isEqualTo(201);
			}
			awaitDelivered(channel, 12);
			int before = receiver.accepted().size();

			replayAll(channel, 12);

			List<Request> replayed = receiver
				.await((r) -> r.stream().skip(before).mapToInt((q) -> typesAndChats(q.json()).size()).sum() >= 12,
						AT_MOST)
				.stream()
				.skip(before)
				.toList();
			assertThat(replayed).allMatch(Request::standardSignatureValid).allMatch(Request::hubSignatureValid);
			List<List<List<String>>> perRequest = replayed.stream().map((r) -> typesAndChats(r.json())).toList();
			assertThat(perRequest.stream().mapToInt(List::size).sum()).isEqualTo(12);
			// The replay queued every chat's events at once: the first claim takes the
			// head
			// of each chat, its customer's message.
			assertThat(perRequest.get(0)).extracting((event) -> event.get(0)).containsOnly("message.received");
			assertThat(perRequest.get(0)).extracting((event) -> event.get(1))
				.containsExactlyInAnyOrderElementsOf(customers);
			assertThat(replayed.get(0).webhookId()).matches("batch_[0-9a-f]{32}");
			assertThat(replayed).hasSizeLessThan(12);
			perRequest.forEach((events) -> assertThat(events).extracting((event) -> event.get(1))
				.as("one event per chat in a request")
				.doesNotHaveDuplicates());
			// Each chat's events arrive in the order the replay queued them (oldest
			// first).
			List<JsonNode> stored = gateway().get("/v1/configs/webhook/events?limit=100", channel.apiKey())
				.json()
				.get("events")
				.valueStream()
				.toList()
				.reversed();
			for (String customer : customers) {
				List<String> queued = stored.stream()
					.filter((event) -> customer.equals(event.get("wa_id").asString()))
					.map((event) -> event.get("type").asString())
					.toList();
				List<String> arrived = perRequest.stream()
					.flatMap(List::stream)
					.filter((event) -> event.get(1).equals(customer))
					.map((event) -> event.get(0))
					.toList();
				assertThat(arrived).as(customer).hasSize(4).isEqualTo(queued);
			}
			Response log = gateway().get("/v1/configs/webhook/deliveries?limit=500", channel.apiKey());
			assertThat(log.json().get("attempts").valueStream().map((a) -> a.get("webhook_id").asString()))
				.contains(replayed.get(0).webhookId());
		}
	}

	@Test
	default void aFailedBatchIsRetriedWholeWithTheSameIdAndBodyUntilDelivered() {
		TestChannel channel = gateway().newSandboxChannel();
		List<String> customers = List.of("919812200001", "919812200002", "919812200003");
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			setBatchedWebhook(channel, receiver, "cloud", 10);
			customers.forEach((customer) -> customerSays(channel, customer, "hi"));
			awaitDelivered(channel, 3);
			int before = receiver.requests().size();
			receiver.mode(Mode.FAIL);

			replayAll(channel, 3);
			long deadline = System.nanoTime() + AT_MOST.toNanos();
			while (receiver.requests().size() < before + 2 && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			receiver.mode(Mode.OK);
			String batchId = receiver.requests().get(before).webhookId();
			List<Request> delivered = receiver.await((r) -> r.stream().anyMatch((q) -> q.webhookId().equals(batchId)),
					AT_MOST);

			assertThat(batchId).startsWith("batch_");
			Request batch = delivered.stream().filter((q) -> q.webhookId().equals(batchId)).findFirst().orElseThrow();
			assertThat(batch.json().at("/entry/0/changes/0/value/messages")).hasSize(3);
			assertThat(batch.json().at("/entry/0/changes/0/value/contacts")).hasSize(3);
			List<Request> attempts = receiver.requests().stream().skip(before).toList();
			assertThat(attempts.stream().filter((q) -> q.answered() == 503)).hasSizeGreaterThanOrEqualTo(2)
				.allSatisfy((failed) -> {
					assertThat(failed.webhookId()).isEqualTo(batch.webhookId());
					assertThat(failed.body()).isEqualTo(batch.body());
				});
			Response log = gateway().await("/v1/configs/webhook/deliveries?limit=500", channel.apiKey(),
					(r) -> r.json()
						.get("attempts")
						.valueStream()
						.filter((a) -> a.get("webhook_id").asString().equals(batch.webhookId())
								&& a.get("outcome").asString().equals("delivered"))
						.count() == 3,
					AT_MOST);
			Map<String, List<String>> outcomesByEvent = log.json()
				.get("attempts")
				.valueStream()
				.filter((a) -> a.get("webhook_id").asString().equals(batch.webhookId()))
				.collect(Collectors.groupingBy((a) -> a.get("event_id").asString(),
						Collectors.mapping((a) -> a.get("outcome").asString(), Collectors.toList())));
			assertThat(outcomesByEvent).hasSize(3)
				.allSatisfy((event, outcomes) -> assertThat(outcomes).as(event).contains("retry", "delivered"));
		}
	}

	@Test
	default void maxEventsPerRequestIsShownRefusedOutsideOneToAThousandAndOneKeepsOneEventARequest() {
		TestChannel channel = gateway().newSandboxChannel();
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			setWebhook(channel, receiver, "v1");
			assertThat(
					gateway().get("/v1/configs/webhook", channel.apiKey()).json().get("max_events_per_request").asInt())
				.as("the default")
				.isEqualTo(1);
			for (String refused : List.of("0", "1001", "-5", "2.5", "\"10\"", "true", "{}")) {
				Response answer = gateway().curlData("POST", "/v1/configs/webhook", channel.apiKey(),
						"{\"url\":\"" + receiver.url() + "\",\"max_events_per_request\":" + refused + "}");
				assertThat(answer.status()).as(refused).isEqualTo(400);
				JsonNode error = answer.json().get("errors").get(0);
				assertThat(error.get("field").asString()).isEqualTo("max_events_per_request");
				assertThat(error.get("rule").asString()).isEqualTo("range");
				assertThat(error.get("details").asString()).contains("1 to 1000");
			}
			setBatchedWebhook(channel, receiver, "v1", 1000);
			assertThat(
					gateway().get("/v1/configs/webhook", channel.apiKey()).json().get("max_events_per_request").asInt())
				.isEqualTo(1000);

			setBatchedWebhook(channel, receiver, "v1", 1);
			customerSays(channel, "919812300001", "one");
			customerSays(channel, "919812300002", "two");
			awaitDelivered(channel, 2);
			int before = receiver.accepted().size();
			replayAll(channel, 2);

			List<Request> replayed = receiver.await((r) -> r.size() >= before + 2, AT_MOST)
				.stream()
				.skip(before)
				.toList();
			assertThat(replayed).hasSize(2).allSatisfy((request) -> {
				assertThat(request.webhookId()).startsWith("evt_");
				assertThat(request.json().get("messages")).hasSize(1);
			});
			Response unset = gateway().curlData("POST", "/v1/configs/webhook", channel.apiKey(),
					"{\"url\":\"" + receiver.url() + "\"}");
			assertThat(unset.json().get("max_events_per_request").asInt()).as("back to the default").isEqualTo(1);
		}
	}

	@Test
	default void settingAWebhookAnswersItsSecretOnceAndGetMasksCustomHeaders() {
		TestChannel channel = gateway().newSandboxChannel();
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			// The seed's Set Webhook example: the key in the query string, a trailing
			// comma.
			Response set = gateway().request(gateway().to("/v1/configs/webhook?API%20Key=" + channel.apiKey())
				.POST(HttpRequest.BodyPublishers.ofString(
						"{\"url\":\"" + receiver.url() + "\",\"headers\":{\"Authorization\":\"Bearer s3cret\"},}")));
			assertThat(set.status()).as(set.toString()).isEqualTo(200);
			assertThat(set.json().get("secret").asString()).startsWith("whsec_");
			assertThat(set.json().get("format").asString()).isEqualTo("v1");

			Response again = gateway().curlData("POST", "/v1/configs/webhook", channel.apiKey(),
					"{\"url\":\"" + receiver.url() + "\",\"format\":\"cloud\"}");
			assertThat(again.json().has("secret")).isFalse();
			assertThat(again.json().get("format").asString()).isEqualTo("cloud");

			Response got = gateway().get("/v1/configs/webhook", channel.apiKey());
			assertThat(got.json().get("url").asString()).isEqualTo(receiver.url());
			assertThat(got.json().has("secret")).isFalse();

			Response rotated = gateway().curlData("POST", "/v1/configs/webhook/secret", channel.apiKey(), "");
			assertThat(rotated.json().get("secret").asString()).startsWith("whsec_")
				.isNotEqualTo(set.json().get("secret").asString());
		}
	}

	@Test
	default void customHeadersAreSentAndShownMasked() {
		TestChannel channel = gateway().newSandboxChannel();
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			Response set = gateway().curlData("POST", "/v1/configs/webhook", channel.apiKey(),
					"{\"url\":\"" + receiver.url() + "\",\"headers\":{\"Authorization\":\"Bearer s3cret\"}}");
			receiver.secret(set.json().get("secret").asString());
			assertThat(gateway().get("/v1/configs/webhook", channel.apiKey()).json().get("headers").toString())
				.doesNotContain("s3cret");

			customerSays(channel, "919900000001", "hi");

			assertThat(receiver.await((r) -> !r.isEmpty(), AT_MOST)).first()
				.satisfies((request) -> assertThat(request.authorization()).isEqualTo("Bearer s3cret"));
		}
	}

	@Test
	default void anEmptyUrlRemovesTheWebhookAndDeleteDoesToo() {
		TestChannel channel = gateway().newSandboxChannel();
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			setWebhook(channel, receiver, "v1");
			Response removed = gateway().curlData("POST", "/v1/configs/webhook", channel.apiKey(), "{\"url\":\"\"}");
			assertThat(removed.status()).isEqualTo(200);
			assertThat(gateway().get("/v1/configs/webhook", channel.apiKey()).status()).isEqualTo(404);

			setWebhook(channel, receiver, "v1");
			Response deleted = gateway()
				.request(gateway().to("/v1/configs/webhook").header("API-KEY", channel.apiKey()).DELETE());
			assertThat(deleted.status()).isEqualTo(204);
			assertThat(gateway().get("/v1/configs/webhook", channel.apiKey()).status()).isEqualTo(404);
		}
	}

	@Test
	default void privateMetadataAndMappedAddressesAreRefusedWhenSet() {
		TestChannel channel = gateway().newSandboxChannel();
		for (String url : List.of("http://10.0.0.1/hook", "http://192.168.1.20/hook", "http://172.16.5.4/hook",
				"http://169.254.169.254/latest/meta-data", "http://100.64.0.1/hook", "http://[::ffff:169.254.169.254]/",
				"http://[::ffff:10.1.2.3]/", "http://[fd00::1]/", "http://[fe80::1]/", "http://0.0.0.0/")) {
			Response refused = gateway().curlData("POST", "/v1/configs/webhook", channel.apiKey(),
					"{\"url\":\"" + url + "\"}");
			assertThat(refused.status()).as(url).isEqualTo(400);
			assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("url");
			assertThat(refused.json().get("errors").get(0).get("rule").asString()).isEqualTo("public_address");
		}
		Response ftp = gateway().curlData("POST", "/v1/configs/webhook", channel.apiKey(),
				"{\"url\":\"ftp://x.test/\"}");
		assertThat(ftp.status()).isEqualTo(400);
		Response format = gateway().curlData("POST", "/v1/configs/webhook", channel.apiKey(),
				"{\"url\":\"http://127.0.0.1:9/\",\"format\":\"xml\"}");
		assertThat(format.json().get("errors").get(0).get("field").asString()).isEqualTo("format");
		assertThat(gateway().get("/v1/configs/webhook", channel.apiKey()).status()).isEqualTo(404);
	}

	@Test
	default void withAnAppSecretXHubSignatureIsKeyedWithItsStringAndCloudBodiesAreAsciiWithContentLength() {
		TestChannel channel = gateway().newSandboxChannel();
		String customer = "919811100002";
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			Response set = gateway().curlData("POST", "/v1/configs/webhook", channel.apiKey(), "{\"url\":\""
					+ receiver.url() + "\",\"format\":\"cloud\",\"app_secret\":\"0123456789abcdef0123456789abcdef\"}");
			assertThat(set.status()).as(set.toString()).isEqualTo(200);
			assertThat(set.json().get("app_secret_set").asBoolean()).isTrue();
			assertThat(set.body()).doesNotContain("0123456789abcdef0123456789abcdef");
			receiver.secret(set.json().get("secret").asString()).appSecret("0123456789abcdef0123456789abcdef");

			customerSays(channel, customer, "Ol\u00e1, caf\u00e9 \u2615 \uD83D\uDE00");
			sendText(channel, customer, "Obrigado!");

			List<Request> requests = receiver.await((r) -> r.size() >= 2, AT_MOST);
			assertThat(requests).hasSizeGreaterThanOrEqualTo(2)
				.allMatch(Request::hubSignatureValid)
				.allMatch(Request::standardSignatureValid)
				.allSatisfy((request) -> {
					assertThat(request.headers().get("x-hub-signature-256")).matches("sha256=[0-9a-f]{64}");
					assertThat(request.headers().get("content-length")).isEqualTo(String.valueOf(request.raw().length));
					assertThat(request.headers()).doesNotContainKey("transfer-encoding");
					for (byte b : request.raw()) {
						assertThat(b & 0xff).isLessThan(0x7f);
					}
					JsonNode value = request.json().at("/entry/0/changes/0/value");
					assertThat(value.at("/metadata/phone_number_id").asString()).isNotBlank();
					assertThat(value.at("/metadata/display_phone_number").asString()).isNotBlank();
					if (value.has("messages")) {
						assertThat(value.at("/contacts/0/wa_id").asString()).isEqualTo(customer);
					}
					assertThat(value.path("messages").size() + value.path("statuses").size()).isEqualTo(1);
				});
			assertThat(requests.get(0).json().at("/entry/0/changes/0/value/messages/0/text/body").asString())
				.isEqualTo("Ol\u00e1, caf\u00e9 \u2615 \uD83D\uDE00");

			Response removed = gateway().curlData("POST", "/v1/configs/webhook", channel.apiKey(),
					"{\"url\":\"" + receiver.url() + "\",\"format\":\"cloud\",\"app_secret\":null}");
			assertThat(removed.json().get("app_secret_set").asBoolean()).isFalse();
			assertThat(gateway()
				.curlData("POST", "/v1/configs/webhook", channel.apiKey(),
						"{\"url\":\"" + receiver.url() + "\",\"app_secret\":\"has space\"}")
				.json()
				.get("errors")
				.get(0)
				.get("field")
				.asString()).isEqualTo("app_secret");
		}
	}

	@Test
	default void aCustomerReplyReachesTheWebhookInBothFormatsAndOpensTheWindow() {
		TestChannel v1Channel = gateway().newSandboxChannel();
		TestChannel cloudChannel = gateway().newSandboxChannel();
		String customer = "919811100001";
		try (WebhookReceiver v1 = WebhookReceiver.start(); WebhookReceiver cloud = WebhookReceiver.start()) {
			setWebhook(v1Channel, v1, "v1");
			setWebhook(cloudChannel, cloud, "cloud");

			Response refused = sendText(v1Channel, customer, "Before the customer wrote");
			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.json().get("errors").valueStream().map((e) -> e.get("code").asInt()))
				.containsExactly(470, 131047);

			Response reply = customerSays(v1Channel, customer, "Where is my order? \uD83D\uDE00");
			assertThat(reply.status()).isEqualTo(201);
			customerSays(cloudChannel, customer, "Where is my order? \uD83D\uDE00");

			JsonNode v1Body = v1.await((r) -> !r.isEmpty(), AT_MOST).get(0).json();
			assertThat(v1Body.get("contacts").get(0).get("wa_id").asString()).isEqualTo(customer);
			assertThat(v1Body.get("contacts").get(0).get("profile").get("name").asString()).isEqualTo("Ann");
			JsonNode message = v1Body.get("messages").get(0);
			assertThat(message.get("from").asString()).isEqualTo(customer);
			assertThat(message.get("type").asString()).isEqualTo("text");
			assertThat(message.get("text").get("body").asString()).isEqualTo("Where is my order? \uD83D\uDE00");
			assertThat(message.get("id").asString())
				.isEqualTo(reply.json().get("messages").get(0).get("id").asString());
			assertThat(v1.requests().get(0).body()).containsIgnoringCase("\\ud83d\\ude00");

			JsonNode cloudBody = cloud.await((r) -> !r.isEmpty(), AT_MOST).get(0).json();
			assertThat(cloudBody.get("object").asString()).isEqualTo("whatsapp_business_account");
			JsonNode change = cloudBody.get("entry").get(0).get("changes").get(0);
			assertThat(change.get("field").asString()).isEqualTo("messages");
			assertThat(change.get("value").get("messaging_product").asString()).isEqualTo("whatsapp");
			assertThat(change.get("value").get("metadata").get("phone_number_id").asString()).isNotBlank();
			assertThat(change.get("value").get("messages").get(0).get("text").get("body").asString())
				.isEqualTo("Where is my order? \uD83D\uDE00");

			assertThat(v1.requests()).allMatch(Request::standardSignatureValid).allMatch(Request::hubSignatureValid);
			assertThat(cloud.requests()).allMatch(Request::standardSignatureValid).allMatch(Request::hubSignatureValid);

			assertThat(sendText(v1Channel, customer, "Thanks, it ships today").status()).isEqualTo(201);
		}
	}

	@Test
	default void aTemplatesReviewVerdictReachesTheWebhook() {
		TestChannel channel = gateway().newSandboxChannel();
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			setWebhook(channel, receiver, "cloud");

			TemplatesApiContract.approvedTemplate(gateway(), channel, "order_update", "Your order {{1}} shipped.",
					"\"42\"");

			JsonNode value = receiver
				.await((r) -> r.stream().anyMatch((q) -> q.body().contains("message_template_status_update")), AT_MOST)
				.stream()
				.filter((q) -> q.body().contains("message_template_status_update"))
				.findFirst()
				.orElseThrow()
				.json()
				.get("entry")
				.get(0)
				.get("changes")
				.get(0)
				.get("value");
			assertThat(value.get("event").asString()).isEqualTo("APPROVED");
			assertThat(value.get("message_template_name").asString()).isEqualTo("order_update");
		}
	}

	@Test
	default void statusesOfASentMessageArriveInOrderWithWabagatesMessageId() {
		TestChannel channel = gateway().newSandboxChannel();
		String customer = "919811100002";
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			customerSays(channel, customer, "hi");
			setWebhook(channel, receiver, "v1");
			String messageId = sendText(channel, customer, "Hello").json().get("messages").get(0).get("id").asString();

			List<Request> received = receiver.await((r) -> r.stream().anyMatch((q) -> q.body().contains("\"read\"")),
					AT_MOST);

			// Providers may report out of order; a status implies its predecessors, so
			// the
			// webhook sees each step once, in order.
			List<String> statuses = received.stream().map((r) -> r.json().get("statuses").get(0)).peek((status) -> {
				assertThat(status.get("id").asString()).isEqualTo(messageId);
				assertThat(status.get("recipient_id").asString()).isEqualTo(customer);
			}).map((status) -> status.get("status").asString()).toList();
			assertThat(statuses).containsExactly("sent", "delivered", "read");
			assertThat(received).allMatch(Request::standardSignatureValid).allMatch(Request::hubSignatureValid);
		}
	}

	@Test
	default void aFailedMessageCarriesItsErrorInEachFormat() {
		TestChannel channel = gateway().newSandboxChannel();
		String customer = "91981110131026";
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			customerSays(channel, customer, "hi");
			setWebhook(channel, receiver, "v1");
			sendText(channel, customer, "Hello");

			JsonNode failed = receiver
				.await((r) -> r.stream().anyMatch((q) -> q.body().contains("\"failed\"")), AT_MOST)
				.stream()
				.map(Request::json)
				.filter((body) -> body.get("statuses").get(0).get("status").asString().equals("failed"))
				.findFirst()
				.orElseThrow();
			JsonNode error = failed.get("statuses").get(0).get("errors").get(0);
			assertThat(error.get("code").asInt()).isEqualTo(131026);
			assertThat(error.has("details")).isTrue();
			assertThat(error.has("error_data")).isFalse();
		}
	}

	@Test
	default void aReceiverDownForAWhileGetsEveryEventInOrderPerChatWithStableIds() throws Exception {
		TestChannel channel = gateway().newSandboxChannel();
		List<String> customers = List.of("919811200001", "919811200002", "919811200003");
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			setWebhook(channel, receiver, "v1");
			receiver.mode(Mode.FAIL);
			for (int i = 1; i <= 4; i++) {
				for (String customer : customers) {
					assertThat(customerSays(channel, customer, "m" + i).status()).isEqualTo(201);
				}
			}
			Thread.sleep(400);
			receiver.stop();
			Thread.sleep(600);
			receiver.restart();
			receiver.mode(Mode.OK);

			List<Request> accepted = receiver.await((r) -> r.size() >= 12, AT_MOST);

			assertThat(accepted).hasSize(12);
			Map<String, List<String>> bodiesByCustomer = accepted.stream()
				.map(Request::json)
				.collect(Collectors.groupingBy((body) -> body.get("contacts").get(0).get("wa_id").asString(),
						Collectors.mapping((body) -> body.get("messages").get(0).get("text").get("body").asString(),
								Collectors.toList())));
			customers.forEach((customer) -> assertThat(bodiesByCustomer.get(customer)).as(customer)
				.containsExactly("m1", "m2", "m3", "m4"));
			List<String> acceptedIds = accepted.stream().map(Request::webhookId).toList();
			assertThat(acceptedIds).doesNotHaveDuplicates();
			List<Request> failed = receiver.requests().stream().filter((r) -> r.answered() == 503).toList();
			assertThat(failed).isNotEmpty();
			assertThat(failed).allSatisfy((attempt) -> {
				Request delivered = accepted.stream()
					.filter((r) -> r.webhookId().equals(attempt.webhookId()))
					.findFirst()
					.orElseThrow();
				assertThat(delivered.body()).isEqualTo(attempt.body());
			});
			assertThat(receiver.requests()).allMatch(Request::standardSignatureValid)
				.allMatch(Request::hubSignatureValid);

			Response log = gateway().get("/v1/configs/webhook/deliveries?limit=500", channel.apiKey());
			assertThat(log.json().get("attempts").valueStream().map((a) -> a.get("outcome").asString()))
				.contains("retry", "delivered");
			assertThat(log.json().get("attempts").valueStream().filter((a) -> a.get("status_code") == null))
				.allSatisfy((a) -> assertThat(a.get("error").asString()).isNotBlank());
		}
	}

	@Test
	default void aQueuedEventNoLongerStoredIsDroppedAndItsChatsNextEventsArrive() {
		TestChannel channel = gateway().newSandboxChannel();
		String customer = "919811200021";
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			setWebhook(channel, receiver, "v1");
			receiver.mode(Mode.FAIL);
			assertThat(customerSays(channel, customer, "lost").status()).isEqualTo(201);
			receiver.awaitRequests((r) -> !r.isEmpty(), AT_MOST);
			// As if the retention purged the event while a replay queued it again.
			String lost = jdbc().sql("select id from webhook_events where channel_id = ?")
				.param(channel.channelId())
				.query(String.class)
				.single();
			jdbc().sql("delete from webhook_attempts where event_id = ?").param(lost).update();
			jdbc().sql("delete from webhook_events where id = ?").param(lost).update();
			receiver.mode(Mode.OK);
			assertThat(customerSays(channel, customer, "next").status()).isEqualTo(201);

			List<Request> accepted = receiver.await((r) -> !r.isEmpty(), AT_MOST);

			assertThat(accepted).extracting((r) -> r.json().get("messages").get(0).get("text").get("body").asString())
				.containsExactly("next");
			assertThat(jdbc().sql("select count(*) from queue_items where ref_id = ?")
				.param(lost)
				.query(Long.class)
				.single()).isZero();
		}
	}

	@Test
	default void oneAccountsHangingEndpointDoesNotHoldUpAnothersDeliveries() {
		TestChannel slow = gateway().newSandboxChannel();
		TestChannel fast = gateway().newSandboxChannel();
		try (WebhookReceiver hanging = WebhookReceiver.start(); WebhookReceiver healthy = WebhookReceiver.start()) {
			setWebhook(slow, hanging, "v1");
			setWebhook(fast, healthy, "v1");
			long baselineMs = timeToDeliverTen(fast, healthy, "9198114100");
			hanging.mode(Mode.HANG);
			for (int i = 0; i < 20; i++) {
				customerSays(slow, "9198113000" + String.format("%02d", i), "hello");
			}
			hanging.await((r) -> false, Duration.ZERO);
			long deadline = System.nanoTime() + AT_MOST.toNanos();
			while (hanging.hanging() < 8 && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			assertThat(hanging.hanging()).isGreaterThanOrEqualTo(8);

			long whileHangingMs = timeToDeliverTen(fast, healthy, "9198114000");

			assertThat(healthy.accepted()).hasSize(20);
			assertThat(hanging.hanging()).as("the slow endpoint's requests are still hanging").isPositive();
			System.out.println("[measure] 10 events of account B, first produced to last delivered: " + baselineMs
					+ " ms alone, " + whileHangingMs + " ms while account A's endpoint hung (timeout 2 s)");
		}
	}

	/** Produces ten events for ten chats and answers how long until the last arrived. */
	private long timeToDeliverTen(TestChannel channel, WebhookReceiver receiver, String numberPrefix) {
		int before = receiver.accepted().size();
		long started = System.nanoTime();
		for (int i = 0; i < 10; i++) {
			customerSays(channel, numberPrefix + String.format("%02d", i), "hello");
		}
		List<Request> delivered = receiver.await((r) -> r.size() >= before + 10, AT_MOST);
		assertThat(delivered).hasSize(before + 10);
		return (delivered.get(before + 9).receivedAtNanos() - started) / 1_000_000;
	}

	@Test
	default void aRedirectIsAFailureAndIsNotFollowed() {
		TestChannel channel = gateway().newSandboxChannel();
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			setWebhook(channel, receiver, "v1");
			receiver.mode(Mode.REDIRECT);
			customerSays(channel, "919811500001", "hi");

			Response log = gateway().await("/v1/configs/webhook/deliveries", channel.apiKey(),
					(r) -> r.json().get("attempts").size() >= 2, AT_MOST);

			assertThat(log.json().get("attempts").valueStream().map((a) -> a.get("status_code").asInt()))
				.containsOnly(302);
			assertThat(log.json().get("attempts").get(0).get("outcome").asString()).isEqualTo("retry");
			assertThat(receiver.requests()).allMatch((r) -> r.answered() == 302);
		}
	}

	@Test
	default void an410DisablesTheEndpointWithAnEventAndSettingItAgainResumes() {
		TestChannel channel = gateway().newSandboxChannel();
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			setWebhook(channel, receiver, "v1");
			receiver.mode(Mode.GONE);
			customerSays(channel, "919811600001", "hi");

			Response config = gateway().await("/v1/configs/webhook", channel.apiKey(),
					(r) -> !r.json().get("enabled").asBoolean(), AT_MOST);
			assertThat(config.json().get("enabled").asBoolean()).isFalse();
			assertThat(config.json().get("disabled_reason").asString()).contains("410");
			Response held = gateway().get("/v1/configs/webhook/events?state=held", channel.apiKey());
			assertThat(held.json().get("events").get(0).get("type").asString())
				.isEqualTo("channel.webhook_endpoint_disabled");

			receiver.mode(Mode.OK);
			gateway().curlData("POST", "/v1/configs/webhook", channel.apiKey(), "{\"url\":\"" + receiver.url() + "\"}");
			List<Request> accepted = receiver.await((r) -> !r.isEmpty(), AT_MOST);
			assertThat(accepted.get(0).json().get("messages").get(0).get("text").get("body").asString())
				.isEqualTo("hi");
		}
	}

	@Test
	default void exhaustedEventsStayVisibleAndCanBeReplayedWithTheirId() {
		TestChannel channel = gateway().newSandboxChannel();
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			setWebhook(channel, receiver, "v1");
			receiver.mode(Mode.FAIL);
			customerSays(channel, "919811700001", "first");

			Response exhausted = gateway().await("/v1/configs/webhook/events?state=exhausted", channel.apiKey(),
					(r) -> r.json().get("events").size() == 1, AT_MOST);
			JsonNode event = exhausted.json().get("events").get(0);
			assertThat(event.get("attempts").asInt()).isEqualTo(6);
			assertThat(event.get("wa_id").asString()).isEqualTo("919811700001");
			String eventId = event.get("id").asString();

			receiver.mode(Mode.OK);
			Response replayed = gateway().curlData("POST", "/v1/configs/webhook/events/" + eventId + "/replay",
					channel.apiKey(), "");
			assertThat(replayed.status()).isEqualTo(202);
			assertThat(receiver.await((r) -> !r.isEmpty(), AT_MOST).get(0).webhookId()).isEqualTo(eventId);
			// The receiver answers before the gateway commits the outcome: replaying
			// everything
			// in between would find the event still queued.
			gateway().await("/v1/configs/webhook/events?state=delivered", channel.apiKey(),
					(r) -> r.json().get("events").size() == 1, AT_MOST);

			Response all = gateway().curlData("POST", "/v1/configs/webhook/replay", channel.apiKey(),
					"{\"since\":\"2020-01-01T00:00:00Z\"}");
			assertThat(all.json().get("queued").asInt()).isEqualTo(1);
			assertThat(receiver.await((r) -> r.size() >= 2, AT_MOST)).extracting(Request::webhookId)
				.containsExactly(eventId, eventId);
		}
	}

	@Test
	default void anotherChannelsEventCannotBeReplayed() {
		TestChannel owner = gateway().newSandboxChannel();
		TestChannel other = gateway().newSandboxChannel();
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			setWebhook(owner, receiver, "v1");
			setWebhook(other, receiver, "v1");
			customerSays(owner, "919811800001", "hi");
			String eventId = gateway()
				.await("/v1/configs/webhook/events", owner.apiKey(), (r) -> r.json().get("events").size() == 1, AT_MOST)
				.json()
				.get("events")
				.get(0)
				.get("id")
				.asString();

			assertThat(
					gateway().curlData("POST", "/v1/configs/webhook/events/" + eventId + "/replay", other.apiKey(), "")
						.status())
				.isEqualTo(404);
		}
	}

	@Test
	default void everyKindOfCustomerReplyOnTheSandboxReachesTheWebhook() {
		TestChannel channel = gateway().newSandboxChannel();
		String customer = "919811900001";
		String photo = gateway().uploadMedia(channel, "image/jpeg", ProviderContract.jpeg())
			.json()
			.get("media")
			.get(0)
			.get("id")
			.asString();
		List<String> replies = List.of("\"type\":\"text\",\"text\":{\"body\":\"hi\"}",
				"\"type\":\"image\",\"image\":{\"id\":\"" + photo + "\",\"caption\":\"my receipt\"}",
				"\"type\":\"location\",\"location\":{\"latitude\":12.97,\"longitude\":77.59,\"name\":\"Home\"}",
				"\"type\":\"contacts\",\"contacts\":[{\"name\":{\"formatted_name\":\"Bob\"},"
						+ "\"phones\":[{\"phone\":\"+919800000000\",\"type\":\"CELL\"}]}]",
				"\"type\":\"interactive\",\"interactive\":{\"type\":\"button_reply\","
						+ "\"button_reply\":{\"id\":\"yes\",\"title\":\"Yes\"}},\"context\":{\"id\":\"msg_1\"}",
				"\"type\":\"interactive\",\"interactive\":{\"type\":\"list_reply\","
						+ "\"list_reply\":{\"id\":\"row-2\",\"title\":\"Tomorrow\",\"description\":\"9-12\"}}");
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			setWebhook(channel, receiver, "cloud");
			for (String reply : replies) {
				Response sent = gateway().curlData("POST", "/v1/sandbox/customer-messages", channel.apiKey(),
						"{\"from\":\"" + customer + "\"," + reply + "}");
				assertThat(sent.status()).as(reply + " " + sent).isEqualTo(201);
			}

			List<JsonNode> messages = receiver.await((r) -> r.size() >= replies.size(), AT_MOST)
				.stream()
				.map((r) -> r.json().get("entry").get(0).get("changes").get(0).get("value").get("messages").get(0))
				.toList();

			assertThat(messages).extracting((m) -> m.get("type").asString())
				.containsExactly("text", "image", "location", "contacts", "interactive", "interactive");
			assertThat(messages.get(1).get("image").get("mime_type").asString()).isEqualTo("image/jpeg");
			assertThat(messages.get(2).get("location").get("latitude").asDouble()).isEqualTo(12.97);
			assertThat(messages.get(3).get("contacts").get(0).get("name").get("formatted_name").asString())
				.isEqualTo("Bob");
			assertThat(messages.get(4).get("interactive").get("button_reply").get("id").asString()).isEqualTo("yes");
			assertThat(messages.get(4).get("context").get("id").asString()).isEqualTo("msg_1");
			assertThat(messages.get(5).get("interactive").get("list_reply").get("title").asString())
				.isEqualTo("Tomorrow");
		}
	}

	@Test
	default void malformedCustomerRepliesAreRefusedNamingTheField() {
		TestChannel channel = gateway().newSandboxChannel();
		Map<String, String> cases = Map.of(
				"\"type\":\"interactive\",\"interactive\":{\"type\":\"button_reply\",\"button_reply\":{\"id\":\"y\"}}",
				"interactive.button_reply.title",
				"\"type\":\"interactive\",\"interactive\":{\"type\":\"nfm\",\"nfm\":{}}", "interactive.type",
				"\"type\":\"interactive\",\"interactive\":{\"type\":\"list_reply\",\"list_reply\":{\"id\":\"r\","
						+ "\"title\":\"A title much longer than twenty-four\"}}",
				"interactive.list_reply.title", "\"type\":\"location\",\"location\":{\"latitude\":95,\"longitude\":1}",
				"location.latitude", "\"type\":\"contacts\",\"contacts\":[{\"phones\":[]}]",
				"contacts[0].name.formatted_name", "\"type\":\"image\",\"image\":{\"caption\":\"x\"}", "image.id",
				"\"type\":\"text\",\"text\":{\"body\":\"\"}", "text.body");
		cases.forEach((reply, field) -> {
			Response refused = gateway().curlData("POST", "/v1/sandbox/customer-messages", channel.apiKey(),
					"{\"from\":\"919811900002\"," + reply + "}");
			assertThat(refused.status()).as(reply).isEqualTo(400);
			assertThat(refused.json().get("errors").get(0).get("field").asString()).as(reply).isEqualTo(field);
		});
	}

}
