package dev.wabagate.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.PostgresGatewayTest;
import dev.wabagate.templates.TemplatesApiContract;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each send-message example of the seed, sent exactly as its curl command sends it
 * (method, form content type, body verbatim): accepted, or refused with a 4xx naming the
 * exact problem.
 */
class SeedMessageExamplesTests extends PostgresGatewayTest {

	@Autowired
	private JdbcClient jdbc;

	private TestChannel channel;

	@BeforeEach
	void customerHasWritten() {
		this.channel = gateway().newSandboxChannel();
		gateway().customerWrites(this.channel, "919999999999");
	}

	@Test
	void sessionTextIsAccepted() {
		assertThat(send("POST", "text.json").status()).isEqualTo(201);
	}

	@Test
	void sessionImageIsRefusedBecauseItsLinkIsAPlaceholder() {
		assertRefused(send("POST", "image.json"), "image.link", "format");
	}

	@Test
	void sessionVideoIsRefusedBecauseItsLinkIsAPlaceholder() {
		assertRefused(send("POST", "video.json"), "video.link", "format");
	}

	@Test
	void sessionDocumentSentWithGetIsReadAsASendAndRefusedForItsPlaceholderLink() {
		assertRefused(send("GET", "document.json"), "document.link", "format");
	}

	@Test
	void sessionDocumentWithARealLinkIsAcceptedThroughTheSeedsGet() {
		String body = seed("document.json").replace("Your Document Link Here", "https://example.com/doc.pdf");
		assertThat(gateway().curlData("GET", "/v1/messages", this.channel.apiKey(), body).status()).isEqualTo(201);
	}

	@Test
	void listMessagesAreRefusedAtTheirMissingColonWithLineAndColumn() {
		for (String example : new String[] { "list-single-section.json", "list-multiple-sections.json" }) {
			Response refused = send("POST", example);
			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.json().get("errors").get(0).get("details").asString()).contains("line 6, column")
				.contains("colon");
		}
	}

	@Test
	void listMessageWithTheColonFixedIsRefusedForItsDuplicateRowIdsAndOverlongPlaceholders() {
		Response refused = gateway().curlData("POST", "/v1/messages", this.channel.apiKey(),
				seed("list-single-section.json").replace("\"type\" \"list\"", "\"type\": \"list\""));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json()
			.get("errors")
			.valueStream()
			.map((e) -> e.get("field").asString() + " " + e.get("rule").asString()))
			.contains("interactive.action.sections[0].rows[1].id unique", "interactive.action.button max_length");
	}

	@Test
	void replyButtonMessageIsRefusedAtItsFirstSyntaxError() {
		Response refused = send("POST", "reply-button.json");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").get(0).get("details").asString()).contains("line", "column");
	}

	@Test
	void templateMessageIsAcceptedOnceItsTemplateIsApproved() {
		approveTheSeedsTemplate();
		assertThat(send("POST", "template.json").status()).isEqualTo(201);
	}

	@Test
	void templateMessageIsRefusedWith132001WhileTheChannelHasNoSuchTemplate() {
		Response refused = send("POST", "template.json");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").get(0).get("code").asInt()).isEqualTo(132001);
	}

	/**
	 * The seed's template message names "name_here" (language en) with two body
	 * parameters.
	 */
	private void approveTheSeedsTemplate() {
		TemplatesApiContract.approvedTemplate(gateway(), this.channel, "name_here", "Hello {{1}}, this is {{2}}.",
				"\"Ann\",\"Bob\"");
	}

	@Test
	void nothingIsStoredForARefusedExample() {
		approveTheSeedsTemplate();
		send("POST", "image.json");
		send("POST", "list-single-section.json");
		Response template = send("POST", "template.json");
		String id = template.json().get("messages").get(0).get("id").asString();
		assertThat(gateway().get("/v1/messages/" + id, this.channel.apiKey()).status()).isEqualTo(200);
		assertThat(
				gateway().admin("GET", "/admin/v1/channels/" + this.channel.channelId() + "/api-keys", null).status())
			.isEqualTo(200);
	}

	private Response send(String method, String example) {
		return gateway().curlData(method, "/v1/messages", this.channel.apiKey(), seed(example));
	}

	private static void assertRefused(Response response, String field, String rule) {
		assertThat(response.status()).isEqualTo(400);
		JsonNode error = response.json().get("errors").get(0);
		assertThat(error.get("field").asString()).isEqualTo(field);
		assertThat(error.get("rule").asString()).isEqualTo(rule);
	}

	static String seed(String name) {
		try (var in = SeedMessageExamplesTests.class.getResourceAsStream("/seed/" + name)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
