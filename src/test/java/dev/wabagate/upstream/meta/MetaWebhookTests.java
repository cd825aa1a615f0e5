package dev.wabagate.upstream.meta;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.upstream.CustomerMessageReceived;
import dev.wabagate.upstream.TemplateStatusReported;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/** Meta's webhook: verification, signatures, idempotency and early statuses. */
class MetaWebhookTests extends MetaGatewayTest {

	private static final String CUSTOMER = "919812345678";

	@Autowired
	private JsonMapper json;

	@Test
	void verificationEchoesTheChallengeForAVerifyTokenWeGaveOut() {
		MetaChannel channel = newMetaChannel();

		Response global = verify("subscribe", GLOBAL_VERIFY_TOKEN, "1158201444");
		Response perChannel = verify("subscribe", channel.verifyToken(), "challenge-2");

		assertThat(global.status()).isEqualTo(200);
		assertThat(global.body()).isEqualTo("1158201444");
		assertThat(global.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/plain"));
		assertThat(perChannel.status()).isEqualTo(200);
		assertThat(perChannel.body()).isEqualTo("challenge-2");
	}

	@Test
	void verificationIsRefusedForAnUnknownTokenOrAnotherMode() {
		assertThat(verify("subscribe", "guessed", "x").status()).isEqualTo(403);
		assertThat(verify("unsubscribe", GLOBAL_VERIFY_TOKEN, "x").status()).isEqualTo(403);
		assertThat(gateway().request(gateway().to("/upstream/meta/webhook").GET()).status()).isEqualTo(403);
	}

	@Test
	void aCorrectlySignedMessageIsTakenIn() {
		MetaChannel channel = newMetaChannel();
		String wamid = FakeGraph.newWamid();

		Response response = postSignedWebhook(channel, inboundTextPayload(channel, CUSTOMER, wamid, "Hello"));

		assertThat(response.status()).isEqualTo(200);
		CustomerMessageReceived received = receivedMessage(wamid);
		assertThat(received.channelId()).isEqualTo(channel.channelId());
		assertThat(received.waId()).isEqualTo(CUSTOMER);
		assertThat(received.profileName()).isEqualTo("Sheena Nelson");
		assertThat(received.type()).isEqualTo("text");
		assertThat(this.json.readTree(received.message()).get("text").get("body").asString()).isEqualTo("Hello");
		assertThat(received.timestamp()).isBefore(Instant.now().plusSeconds(1));
	}

	@Test
	void aWrongOrMissingSignatureIsRefusedAndNothingIsTakenIn() {
		MetaChannel channel = newMetaChannel();
		String wamid = FakeGraph.newWamid();
		String body = inboundTextPayload(channel, CUSTOMER, wamid, "Forged");

		Response wrongSecret = postWebhook(body, WebhookSignature.of("not-the-secret", bytes(body)));
		Response missing = postWebhook(body, null);
		Response garbage = postWebhook(body, "sha256=00");

		assertThat(wrongSecret.status()).isEqualTo(401);
		assertThat(missing.status()).isEqualTo(401);
		assertThat(garbage.status()).isEqualTo(401);
		assertThat(this.events.customerMessages).noneMatch((m) -> m.upstreamMessageId().equals(wamid));
	}

	@Test
	void theSignatureCoversTheRawBytesSoAReserialisedBodyFails() {
		MetaChannel channel = newMetaChannel();
		String wamid = FakeGraph.newWamid();
		// Meta escapes non-ASCII characters; a re-serialised body carries them as UTF-8.
		String asSent = inboundTextPayload(channel, CUSTOMER, wamid, "Ol\\u00e1");
		String reserialised = this.json.writeValueAsString(this.json.readTree(asSent));
		String signature = WebhookSignature.of(channel.appSecret(), bytes(asSent));

		Response refused = postWebhook(reserialised, signature);
		Response accepted = postWebhook(asSent, signature);

		assertThat(reserialised).contains("Olá");
		assertThat(refused.status()).isEqualTo(401);
		assertThat(accepted.status()).isEqualTo(200);
		assertThat(this.json.readTree(receivedMessage(wamid).message()).get("text").get("body").asString())
			.isEqualTo("Olá");
	}

	@Test
	void oneChannelsAppSecretDoesNotVouchForAnotherChannel() {
		MetaChannel mine = newMetaChannel();
		MetaChannel theirs = newMetaChannel();
		String body = inboundTextPayload(theirs, CUSTOMER, FakeGraph.newWamid(), "Spoofed");

		assertThat(postWebhook(body, WebhookSignature.of(mine.appSecret(), bytes(body))).status()).isEqualTo(401);
		assertThat(postWebhook(body, WebhookSignature.of(GLOBAL_APP_SECRET, bytes(body))).status()).isEqualTo(401);
	}

	@Test
	void aChannelWithoutItsOwnAppSecretIsVouchedForByTheGlobalOne() {
		MetaChannel channel = newMetaChannel(false);
		String wamid = FakeGraph.newWamid();

		Response response = postSignedWebhook(channel, inboundTextPayload(channel, CUSTOMER, wamid, "Hi"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(receivedMessage(wamid).channelId()).isEqualTo(channel.channelId());
	}

	@Test
	void metasDuplicateDeliveriesOfACustomerMessageAreTakenInOnce() {
		MetaChannel channel = newMetaChannel();
		String wamid = FakeGraph.newWamid();
		String body = inboundTextPayload(channel, CUSTOMER, wamid, "Once");

		Response first = postSignedWebhook(channel, body);
		Response again = postSignedWebhook(channel, body);

		assertThat(first.status()).isEqualTo(200);
		assertThat(again.status()).isEqualTo(200);
		assertThat(this.events.customerMessages).filteredOn((m) -> m.upstreamMessageId().equals(wamid)).hasSize(1);
	}

	@Test
	void aStatusBeforeWeRecordedTheSendIsKeptAndAppliedOnceItIs() throws InterruptedException {
		MetaChannel channel = newMetaChannel();
		postSignedWebhook(channel, inboundTextPayload(channel, CUSTOMER, FakeGraph.newWamid(), "hi"));
		String wamid = FakeGraph.newWamid();
		CountDownLatch release = new CountDownLatch(1);
		GRAPH.answerNext(channel.phoneNumberId(), FakeGraph.Answer.wamid(wamid).heldUntil(release));
		String id = gateway().curlData("POST", "/v1/messages", channel.apiKey(), """
				{"to":"%s","type":"text","text":{"body":"Fast reply"}}""".formatted(CUSTOMER))
			.json()
			.get("messages")
			.get(0)
			.get("id")
			.asString();
		awaitSendReachedMeta(channel);
		String sent = statusPayload(channel, wamid, "sent", Instant.now().plusSeconds(1), null);
		String replyWamid = FakeGraph.newWamid();
		String sentAndReply = envelope(channel, """
				"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"%s"}],
				"messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"Thanks"}}],
				"statuses":%s""".formatted(CUSTOMER, CUSTOMER, replyWamid, Instant.now().getEpochSecond(),
				this.json.readTree(sent).at("/entry/0/changes/0/value/statuses")));

		Response early = postSignedWebhook(channel, sentAndReply);
		release.countDown();
		Response applied = gateway().await("/v1/messages/" + id, channel.apiKey(),
				(r) -> "sent".equals(r.json().get("status").asString()), Duration.ofSeconds(20));
		Response redelivered = postSignedWebhook(channel, sentAndReply);

		assertThat(early.status()).isEqualTo(200);
		assertThat(applied.json().get("status").asString()).isEqualTo("sent");
		assertThat(applied.json().get("upstream_message_id").asString()).isEqualTo(wamid);
		assertThat(redelivered.status()).isEqualTo(200);
		assertThat(this.events.customerMessages).filteredOn((m) -> m.upstreamMessageId().equals(replyWamid)).hasSize(1);
		assertThat(gateway().get("/v1/messages/" + id, channel.apiKey())
			.json()
			.get("statuses")
			.valueStream()
			.map((s) -> s.get("status").asString())).containsExactly("accepted", "sent");
	}

	@Test
	void aStatusForAMessageWeNeverSentIsAcknowledgedSoMetaStopsSendingIt() {
		MetaChannel channel = newMetaChannel();
		String campaignWamid = FakeGraph.newWamid();

		Response status = postSignedWebhook(channel,
				statusPayload(channel, campaignWamid, "delivered", Instant.now(), null));

		assertThat(status.status()).isEqualTo(200);
	}

	@Test
	void aTemplateReviewIsReportedAsANeutralEvent() {
		MetaChannel channel = newMetaChannel();
		String body = """
				{"object":"whatsapp_business_account","entry":[{"id":"%s","time":1751247548,"changes":[
				 {"field":"message_template_status_update","value":{"event":"REJECTED",
				  "message_template_id":1689556908129835,"message_template_name":"abandoned_cart",
				  "message_template_language":"en","reason":"INVALID_FORMAT","message_template_category":"MARKETING",
				  "rejection_info":{"reason":"x","recommendation":"y"}}}]}]}""".formatted(channel.wabaId());

		Response response = postSignedWebhook(channel, body);

		assertThat(response.status()).isEqualTo(200);
		assertThat(this.events.templateStatuses).contains(new TemplateStatusReported(channel.wabaId(),
				"1689556908129835", "abandoned_cart", "en", "REJECTED", "INVALID_FORMAT"));
	}

	@Test
	void reportsForANumberWeDoNotServeAreAcknowledgedAndIgnored() {
		MetaChannel stranger = new MetaChannel(null, "999000111", "15550000000", "waba-unknown", "t", GLOBAL_APP_SECRET,
				"v", GLOBAL_APP_ID);
		String wamid = FakeGraph.newWamid();

		Response response = postSignedWebhook(stranger, inboundTextPayload(stranger, CUSTOMER, wamid, "Hi"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(this.events.customerMessages).noneMatch((m) -> m.upstreamMessageId().equals(wamid));
	}

	private void awaitSendReachedMeta(MetaChannel channel) throws InterruptedException {
		for (int i = 0; i < 400 && GRAPH.requestsFor(channel.phoneNumberId()).isEmpty(); i++) {
			Thread.sleep(50);
		}
		assertThat(GRAPH.requestsFor(channel.phoneNumberId())).hasSize(1);
	}

	private CustomerMessageReceived receivedMessage(String wamid) {
		return this.events.customerMessages.stream()
			.filter((m) -> m.upstreamMessageId().equals(wamid))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No customer message " + wamid + " was taken in"));
	}

	private Response verify(String mode, String token, String challenge) {
		return gateway().request(
				gateway()
					.to("/upstream/meta/webhook?hub.mode=" + mode + "&hub.verify_token="
							+ URLEncoder.encode(token, StandardCharsets.UTF_8) + "&hub.challenge=" + challenge)
					.GET());
	}

	private static byte[] bytes(String body) {
		return body.getBytes(StandardCharsets.UTF_8);
	}

}
