package dev.wabagate.upstream.meta;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.jspecify.annotations.Nullable;

import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.GatewayTest;
import dev.wabagate.support.TestDatabases;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway on PostgreSQL whose Graph API is a {@link FakeGraph} on loopback. It has a
 * database of its own, so no other test context's dispatcher hands its meta messages to
 * the real Graph API.
 */
@Import(CommittedEvents.class)
abstract class MetaGatewayTest extends GatewayTest {

	static final FakeGraph GRAPH = FakeGraph.start();

	static final String GLOBAL_VERIFY_TOKEN = "global-verify-token";

	static final String GLOBAL_APP_SECRET = "global-app-secret";

	/** The Meta app of channels without an app id of their own. */
	static final String GLOBAL_APP_ID = "700000000000001";

	private static String database;

	@Autowired
	CommittedEvents events;

	/**
	 * Every request the gateway made to the fake Graph API follows Meta's OpenAPI
	 * document.
	 */
	@AfterEach
	void requestsFollowedMetasDocument() {
		assertThat(GRAPH.takeViolations()).isEmpty();
	}

	@DynamicPropertySource
	static void meta(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", MetaGatewayTest::database);
		registry.add("spring.datasource.username", () -> TestDatabases.USER);
		registry.add("spring.datasource.password", () -> "");
		registry.add("wabagate.meta.graph-base-url", GRAPH::baseUrl);
		registry.add("wabagate.meta.request-timeout", () -> "2s");
		registry.add("wabagate.meta.download-backoff", () -> "10ms");
		registry.add("wabagate.meta.verify-token", () -> GLOBAL_VERIFY_TOKEN);
		registry.add("wabagate.meta.app-secret", () -> GLOBAL_APP_SECRET);
		registry.add("wabagate.meta.app-id", () -> GLOBAL_APP_ID);
	}

	private static synchronized String database() {
		if (database == null) {
			database = TestDatabases.freshPostgresDatabase();
		}
		return database;
	}

	/** A meta channel created through the admin API, with its own app secret and id. */
	MetaChannel newMetaChannel() {
		return newMetaChannel(true);
	}

	MetaChannel newMetaChannel(boolean ownAppSecret) {
		return newMetaChannel(ownAppSecret, newNumber());
	}

	/**
	 * Seven digits that make a channel's phone number, phone-number id and WABA id
	 * ({@code waba<n>}).
	 */
	static long newNumber() {
		return ThreadLocalRandom.current().nextLong(1_000_000, 9_999_999);
	}

	MetaChannel newMetaChannel(boolean ownAppSecret, long n) {
		String phoneNumberId = "1065" + n;
		String token = "EAAG" + n + "token";
		String appSecret = ownAppSecret ? "app-secret-" + n : GLOBAL_APP_SECRET;
		String verifyToken = "verify-" + n;
		String appId = ownAppSecret ? "71" + n : GLOBAL_APP_ID;
		String secretField = ownAppSecret ? "\"app_secret\":\"" + appSecret + "\",\"app_id\":\"" + appId + "\"," : "";
		Response created = gateway().admin("POST", "/admin/v1/accounts", """
				{"name":"Meta business","phone_number":"+1555%d","provider":"meta","phone_number_id":"%s",
				 "waba_id":"waba%d","credentials":{"access_token":"%s",%s"verify_token":"%s"}}""".formatted(n,
				phoneNumberId, n, token, secretField, verifyToken));
		if (created.status() != 201) {
			throw new IllegalStateException("Could not create a meta account: " + created);
		}
		TestChannel channel = new TestChannel(created.json().get("channel").get("id").asString(),
				created.json().get("account").get("id").asString(), created.json().get("api_key").asString());
		return new MetaChannel(channel, phoneNumberId, "1555" + n, "waba" + n, token, appSecret, verifyToken, appId);
	}

	Response postWebhook(String body, @Nullable String signature) {
		HttpRequest.Builder request = gateway().to("/upstream/meta/webhook")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		if (signature != null) {
			request.header("X-Hub-Signature-256", signature);
		}
		return gateway().request(request);
	}

	/** Posts as Meta does: signed with the app secret over the exact bytes sent. */
	Response postSignedWebhook(MetaChannel channel, String body) {
		return postWebhook(body, WebhookSignature.of(channel.appSecret(), body.getBytes(StandardCharsets.UTF_8)));
	}

	static String statusPayload(MetaChannel channel, String wamid, String status, Instant at,
			@Nullable Integer errorCode) {
		String errors = (errorCode == null) ? "" : """
				,"errors":[{"code":%d,"title":"Message undeliverable","message":"Message undeliverable",
				 "error_data":{"details":"Message Undeliverable."},"href":"https://developers.facebook.com/"}]"""
			.formatted(errorCode);
		return envelope(channel,
				"""
						"statuses":[{"id":"%s","status":"%s","timestamp":"%d","recipient_id":"919812345678",
						 "pricing":{"billable":true,"pricing_model":"PMP","category":"service","type":"free_customer_service"}%s}]"""
					.formatted(wamid, status, at.getEpochSecond(), errors));
	}

	static String inboundTextPayload(MetaChannel channel, String from, String wamid, String text) {
		return envelope(channel, """
				"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"%s"}],
				"messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"text","text":{"body":"%s"}}]"""
			.formatted(from, from, wamid, Instant.now().getEpochSecond(), text));
	}

	/** A customer's photo as Meta reports it: by Meta's media id, without the bytes. */
	static String inboundImagePayload(MetaChannel channel, String from, String wamid, String mediaId) {
		return envelope(channel, """
				"contacts":[{"profile":{"name":"Sheena Nelson"},"wa_id":"%s"}],
				"messages":[{"from":"%s","id":"%s","timestamp":"%d","type":"image",
				 "image":{"caption":"my receipt","mime_type":"image/jpeg","sha256":"x","id":"%s"}}]""".formatted(from,
				from, wamid, Instant.now().getEpochSecond(), mediaId));
	}

	static String templateStatusPayload(MetaChannel channel, FakeGraph.Template template, String event, String reason) {
		return """
				{"object":"whatsapp_business_account","entry":[{"id":"%s","time":1751247548,"changes":[
				 {"field":"message_template_status_update","value":{"event":"%s","message_template_id":%s,
				  "message_template_name":"%s","message_template_language":"%s","reason":"%s"}}]}]}"""
			.formatted(channel.wabaId(), event, template.id(), template.name(), template.language(), reason);
	}

	static String envelope(MetaChannel channel, String valueFields) {
		return """
				{"object":"whatsapp_business_account","entry":[{"id":"%s","changes":[{"field":"messages","value":{
				"messaging_product":"whatsapp","metadata":{"display_phone_number":"%s","phone_number_id":"%s"},
				%s}}]}]}""".formatted(channel.wabaId(), channel.displayPhoneNumber(), channel.phoneNumberId(),
				valueFields);
	}

	record MetaChannel(TestChannel channel, String phoneNumberId, String displayPhoneNumber, String wabaId,
			String accessToken, String appSecret, String verifyToken, String appId) {

		String channelId() {
			return this.channel.channelId();
		}

		String apiKey() {
			return this.channel.apiKey();
		}

	}

}
