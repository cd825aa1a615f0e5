package dev.wabagate.upstream;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import javax.imageio.ImageIO;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.wabagate.support.GatewayClient;
import dev.wabagate.support.GatewayClient.Download;
import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.WebhookReceiver;

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
	 * @return the customer message's id as the business's webhook gets it
	 */
	String customerWrites(TestChannel channel, String waId);

	/**
	 * The customer sends a JPEG photo the provider's way.
	 * @return the customer message's id
	 */
	String customerSendsImage(TestChannel channel, String waId, byte[] jpeg);

	/**
	 * A template made on the provider's side only (as in WhatsApp Manager), approved,
	 * with this body and language {@code en_US}.
	 */
	void providerHasApprovedTemplate(TestChannel channel, String name, String body);

	/** The provider approves a template Wabagate submitted, the provider's way. */
	void providerApprovesTemplate(TestChannel channel, String name);

	/** What the provider was told about a read receipt, checked the provider's way. */
	void providerSawReadReceipt(TestChannel channel, String customerMessageId, boolean typingIndicator);

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

	@Test
	default void aCustomersMessageIsMarkedReadWithATypingIndicator() {
		TestChannel channel = newChannel();
		String customerMessage = customerWrites(channel, CUSTOMER);

		Response read = gateway().curlData("PUT", "/v1/messages/" + customerMessage, channel.apiKey(),
				"{\"status\":\"read\",\"typing_indicator\":{\"type\":\"text\"}}");

		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.json().get("success").asBoolean()).isTrue();
		providerSawReadReceipt(channel, customerMessage, true);
	}

	@Test
	default void onlyAMessageTheChannelReceivedCanBeMarkedRead() {
		TestChannel channel = newChannel();
		TestChannel other = newChannel();
		String othersMessage = customerWrites(other, CUSTOMER);
		customerWrites(channel, CUSTOMER);
		String ours = send(channel, "Ours");

		Response foreign = gateway().curlData("PUT", "/v1/messages/" + othersMessage, channel.apiKey(),
				"{\"status\":\"read\"}");
		Response own = gateway().curlData("PUT", "/v1/messages/" + ours, channel.apiKey(), "{\"status\":\"read\"}");
		Response wrongStatus = gateway().curlData("PUT", "/v1/messages/" + othersMessage, other.apiKey(),
				"{\"status\":\"delivered\"}");

		assertThat(foreign.status()).isEqualTo(404);
		assertThat(own.status()).isEqualTo(400);
		assertThat(own.json().get("errors").get(0).get("field").asString()).isEqualTo("id");
		assertThat(wrongStatus.status()).isEqualTo(400);
		assertThat(wrongStatus.json().get("errors").get(0).get("field").asString()).isEqualTo("status");
	}

	@Test
	default void aCustomersPhotoReachesTheWebhookAsAMediaIdThatServesItsBytes() {
		TestChannel channel = newChannel();
		byte[] jpeg = jpeg();
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			Response set = gateway().curlData("POST", "/v1/configs/webhook", channel.apiKey(),
					"{\"url\":\"" + receiver.url() + "\",\"format\":\"cloud\"}");
			assertThat(set.status()).as(set.toString()).isEqualTo(200);
			receiver.secret(set.json().get("secret").asString());

			String customerMessage = customerSendsImage(channel, CUSTOMER, jpeg);

			JsonNode image = receiver.await((r) -> !r.isEmpty(), Duration.ofSeconds(20))
				.get(0)
				.json()
				.at("/entry/0/changes/0/value/messages/0");
			assertThat(image.get("id").asString()).isEqualTo(customerMessage);
			String mediaId = image.get("image").get("id").asString();
			assertThat(mediaId).startsWith("media_");
			assertThat(image.get("image").get("provider_media_id").asString()).isNotBlank();
			Download media = gateway().download("/v1/media/" + mediaId, channel.apiKey());
			assertThat(media.status()).isEqualTo(200);
			assertThat(media.contentType()).isEqualTo("image/jpeg");
			assertThat(media.bytes()).isEqualTo(jpeg);
		}
	}

	@Test
	default void aTemplateOnlyTheProviderHasIsListedAndSentWithNoOtherCall() {
		TestChannel channel = newChannel();
		providerHasApprovedTemplate(channel, "made_in_manager", "Your order {{1}} has shipped.");

		Response list = gateway().get("/v1/configs/templates", channel.apiKey());
		Response sent = gateway().curlData("POST", "/v1/messages", channel.apiKey(), """
				{"to":"%s","type":"template","template":{"name":"made_in_manager","language":{"code":"en_US"},
				 "components":[{"type":"body","parameters":[{"type":"text","text":"A-1"}]}]}}""".formatted(CUSTOMER));

		assertThat(list.json()
			.get("waba_templates")
			.valueStream()
			.map((t) -> t.get("name").asString() + ":" + t.get("status").asString()))
			.contains("made_in_manager:approved");
		assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
		awaitMessage(channel, sent.json().get("messages").get(0).get("id").asString(),
				(m) -> m.hasNonNull("upstream_message_id"));
	}

	@Test
	default void aTemplateMadeAfterTheLastImportIsSendableAtOnce() {
		TestChannel channel = newChannel();
		gateway().get("/v1/configs/templates", channel.apiKey());
		providerHasApprovedTemplate(channel, "made_just_now", "Welcome back.");

		Response sent = gateway().curlData("POST", "/v1/messages", channel.apiKey(), """
				{"to":"%s","type":"template","template":{"name":"made_just_now","language":{"code":"en_US"}}}"""
			.formatted(CUSTOMER));

		assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
	}

	@Test
	default void aTemplateCreatedThroughWabagateIsApprovedByTheProviderAndThenSent() {
		TestChannel channel = newChannel();
		Response created = gateway().curlData("POST", "/v1/configs/templates", channel.apiKey(), """
				{"name":"order_shipped","category":"ALERT_UPDATE","language":"en_US",
				 "components":[{"type":"BODY","text":"Order {{1}} is on its way.","example":{"body_text":[["A-1"]]}},
				  {"type":"FOOTER","format":"Thank you"}]}""");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		assertThat(created.json().get("status").asString()).isEqualTo("submitted");
		assertThat(created.json().get("category").asString()).isEqualTo("UTILITY");

		providerApprovesTemplate(channel, "order_shipped");

		Response approved = gateway().await("/v1/configs/templates", channel.apiKey(),
				(r) -> r.body().contains("\"approved\""), Duration.ofSeconds(20));
		assertThat(approved.body()).contains("\"approved\"");
		Response sent = gateway().curlData("POST", "/v1/messages", channel.apiKey(), """
				{"to":"%s","type":"template","template":{"name":"order_shipped","language":{"code":"en_US"},
				 "components":[{"type":"body","parameters":[{"type":"text","text":"A-1"}]}]}}""".formatted(CUSTOMER));
		assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
	}

	@Test
	default void aFileWhoseBytesContradictItsTypeIsRefusedAndNotStored() {
		TestChannel channel = newChannel();
		byte[] png = { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R' };

		Response refused = gateway().uploadMedia(channel, "image/jpeg", png);
		Response text = gateway().uploadMedia(channel, "application/pdf", "just text".getBytes());

		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("Content-Type");
		assertThat(refused.json().get("errors").get(0).get("rule").asString()).isEqualTo("content_matches_type");
		assertThat(refused.json().get("errors").get(0).get("details").asString()).contains("image/png");
		assertThat(text.status()).isEqualTo(400);
		providerHoldsNoUploadFor(channel);
	}

	/** The provider was given no copy of any upload of this channel. */
	void providerHoldsNoUploadFor(TestChannel channel);

	/**
	 * How the provider rates the channel's number from now on (it may have only one
	 * rating).
	 * @return the quality rating and messaging tier the provider gives
	 */
	List<String> providerRatesNumber(TestChannel channel, String qualityRating, String messagingLimitTier);

	@Test
	default void thePhoneNumberShowsTheProvidersQualityRatingAndMessagingTier() {
		TestChannel channel = newChannel();
		List<String> rating = providerRatesNumber(channel, "YELLOW", "TIER_10K");

		JsonNode number = gateway().get("/v1/configs/phone_number", channel.apiKey()).json();

		assertThat(List.of(number.get("quality_rating").asString(), number.get("messaging_limit_tier").asString()))
			.isEqualTo(rating);
		assertThat(number.get("verified_name").asString()).isNotBlank();
	}

	/** Customers see this value of a business profile field ({@code about} included). */
	void providerShowsProfile(TestChannel channel, String field, String value);

	/**
	 * Customers see this image as the profile photo, which the business reads at link.
	 */
	void providerShowsPhoto(TestChannel channel, byte[] image, String link);

	/** The provider holds India compliance info for this entity. */
	void providerHoldsComplianceInfo(TestChannel channel, String entityName, String entityType);

	@Test
	default void theBusinessProfileAndAboutTextReachTheProviderAndAreReadBack() {
		TestChannel channel = newChannel();

		Response updated = gateway().curlData("POST", "/v1/settings/business/profile", channel.apiKey(), """
				{"address":"1 Main St","description":"We sell things","email":"shop@example.com","vertical":"RETAIL",
				 "websites":["https://example.com"]}""");
		Response about = gateway().curlData("PATCH", "/v1/configs/settings/business/profile", channel.apiKey(),
				"{\"text\":\"Open 9 to 5\"}");
		JsonNode profile = gateway().get("/v1/settings/business/profile", channel.apiKey())
			.json()
			.at("/settings/business/profile");
		JsonNode aboutText = gateway().get("/v1/settings/profile/about", channel.apiKey())
			.json()
			.at("/settings/profile/about/text");

		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(about.status()).as(about.toString()).isEqualTo(200);
		assertThat(profile.get("address").asString()).isEqualTo("1 Main St");
		assertThat(profile.get("vertical").asString()).isEqualTo("RETAIL");
		assertThat(profile.get("websites").get(0).asString()).isEqualTo("https://example.com");
		assertThat(aboutText.asString()).isEqualTo("Open 9 to 5");
		providerShowsProfile(channel, "address", "1 Main St");
		providerShowsProfile(channel, "email", "shop@example.com");
		providerShowsProfile(channel, "about", "Open 9 to 5");
	}

	@Test
	default void theProfilePhotoReachesTheProviderAndItsLinkIsShown() {
		TestChannel channel = newChannel();
		byte[] png = png(200);

		Response set = gateway().request(gateway().to("/v1/settings/profile/photo")
			.header("API-KEY", channel.apiKey())
			.header("Content-Type", "image/png")
			.POST(HttpRequest.BodyPublishers.ofByteArray(png)));
		Response link = gateway().get("/v1/settings/profile/photo?format=link", channel.apiKey());

		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		assertThat(link.status()).as(link.toString()).isEqualTo(200);
		providerShowsPhoto(channel, png, link.json().at("/settings/profile/photo/link").asString());
	}

	@Test
	default void complianceInfoReachesTheProviderAndIsReadBack() {
		TestChannel channel = newChannel();

		Response updated = gateway().curlData("POST", "/v1/settings/business/compliance_info", channel.apiKey(), """
				{"entity_name":"Acme Traders","entity_type":"Private Company",
				 "grievance_officer_details":{"name":"Asha Rao","email":"asha@acme.in","mobile_number":"+919876543210"},
				 "customer_care_details":{"email":"care@acme.in","landline_number":"+912212345678"}}""");
		JsonNode read = gateway().get("/v1/settings/business/compliance_info", channel.apiKey()).json();

		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(read.at("/data/0/entity_name").asString()).isEqualTo("Acme Traders");
		assertThat(read.at("/data/0/entity_type").asString()).isEqualTo("PRIVATE_COMPANY");
		assertThat(read.at("/data/0/grievance_officer_details/mobile_number").asString()).isEqualTo("+919876543210");
		providerHoldsComplianceInfo(channel, "Acme Traders", "PRIVATE_COMPANY");
	}

	/** A blank square PNG of this edge. */
	static byte[] png(int edge) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ImageIO.write(new BufferedImage(edge, edge, BufferedImage.TYPE_INT_RGB), "png", out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A small JPEG: its magic bytes, so content sniffing sees an image. */
	static byte[] jpeg() {
		byte[] jpeg = new byte[2048];
		new Random(7).nextBytes(jpeg);
		byte[] header = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10, 'J', 'F', 'I', 'F', 0 };
		System.arraycopy(header, 0, jpeg, 0, header.length);
		jpeg[jpeg.length - 2] = (byte) 0xFF;
		jpeg[jpeg.length - 1] = (byte) 0xD9;
		return jpeg;
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

	default JsonNode awaitMessage(TestChannel channel, String id, Predicate<JsonNode> done) {
		return gateway()
			.await("/v1/messages/" + id, channel.apiKey(), (r) -> done.test(r.json()), Duration.ofSeconds(20))
			.json();
	}

	private static List<String> outcomes(JsonNode message) {
		return message.get("attempts").valueStream().map((a) -> a.get("outcome").asString()).toList();
	}

}
