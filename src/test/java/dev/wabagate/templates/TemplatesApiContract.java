package dev.wabagate.templates;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.wabagate.support.GatewayClient;
import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.SeedFiles;

import static org.assertj.core.api.Assertions.assertThat;

/** What /v1/configs/templates promises, run against each database. */
public interface TemplatesApiContract {

	GatewayClient gateway();

	String CUSTOMER = "919999999999";

	default Response create(TestChannel channel, String body) {
		return gateway().curlData("POST", "/v1/configs/templates", channel.apiKey(), body);
	}

	static String bodyOnly(String name, String text, String examples) {
		return """
				{"name":"%s","category":"UTILITY","language":"en","components":[
				 {"type":"BODY","text":"%s","example":{"body_text":[[%s]]}}]}""".formatted(name, text, examples);
	}

	default JsonNode awaitStatus(TestChannel channel, String name, String status) {
		Response list = gateway()
			.await("/v1/configs/templates?limit=1000", channel.apiKey(), (r) -> r.status() == 200 && r.json()
				.get("waba_templates")
				.valueStream()
				.anyMatch((t) -> name.equals(t.get("name").asString()) && status.equals(t.get("status").asString())),
					Duration.ofSeconds(20));
		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		return list.json()
			.get("waba_templates")
			.valueStream()
			.filter((t) -> name.equals(t.get("name").asString()))
			.findFirst()
			.orElseThrow();
	}

	/** Creates a template and waits for the sandbox to approve it. */
	static void approvedTemplate(GatewayClient gateway, TestChannel channel, String name, String text,
			String examples) {
		Response created = gateway.curlData("POST", "/v1/configs/templates", channel.apiKey(),
				bodyOnly(name, text, examples));
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		Response list = gateway.await("/v1/configs/templates?limit=1000", channel.apiKey(), (r) -> r.json()
			.get("waba_templates")
			.valueStream()
			.anyMatch((t) -> name.equals(t.get("name").asString()) && "approved".equals(t.get("status").asString())),
				Duration.ofSeconds(20));
		assertThat(list.body()).contains("approved");
	}

	@Test
	default void theSeedsBodyOnlyTemplateIsRefusedForItsDuplicateTypeKey() {
		TestChannel channel = gateway().newSandboxChannel();

		Response refused = create(channel, SeedFiles.body("template-body-only.json"));

		assertThat(refused.status()).isEqualTo(400);
		JsonNode error = refused.json().get("errors").get(0);
		assertThat(error.get("code").asInt()).isEqualTo(1000);
		assertThat(error.get("details").asString()).contains("Duplicate").contains("\"type\"").contains("line 8");
	}

	@Test
	default void theSeedsHeaderTemplatesAreCreatedAndTheReusedNameConflicts() {
		TestChannel channel = gateway().newSandboxChannel();

		Response text = create(channel, SeedFiles.body("template-text-header.json"));
		Response image = create(channel, SeedFiles.body("template-image-header.json"));
		Response document = create(channel, SeedFiles.body("template-document-header.json"));
		Response video = create(channel, SeedFiles.body("template-video-header.json"));

		assertThat(text.status()).as(text.toString()).isEqualTo(201);
		JsonNode created = text.json();
		assertThat(created.get("id").asString()).startsWith("tpl_");
		assertThat(created.get("status").asString()).isEqualTo("submitted");
		assertThat(created.get("category").asString()).isEqualTo("UTILITY");
		assertThat(created.get("namespace").asString()).isNotBlank();
		assertThat(created.get("warnings").toString()).contains("ALERT_UPDATE").contains("FOOTER");
		JsonNode footer = created.get("components").get(1);
		assertThat(footer.get("type").asString()).isEqualTo("FOOTER");
		assertThat(footer.get("text").asString()).isEqualTo("Footer Text");
		assertThat(footer.has("format")).isFalse();
		assertThat(image.status()).as(image.toString()).isEqualTo(201);
		assertThat(document.status()).isEqualTo(409);
		assertThat(document.json().get("errors").get(0).get("details").asString()).contains("image_header_template")
			.contains("already exists");
		assertThat(video.status()).isEqualTo(409);
	}

	@Test
	default void theSeedsListRequestWithItsStraySpaceListsInThe360dialogShape() {
		TestChannel channel = gateway().newSandboxChannel();
		create(channel, SeedFiles.body("template-text-header.json"));
		create(channel, SeedFiles.body("template-image-header.json"));
		awaitStatus(channel, "image_header_template", "approved");

		Response list = gateway().get("/v1/configs/templates%20?limit=10&offset=0", channel.apiKey());

		assertThat(list.status()).as(list.toString()).isEqualTo(200);
		JsonNode body = list.json();
		assertThat(body.get("count").asInt()).isEqualTo(2);
		assertThat(body.get("total").asInt()).isEqualTo(2);
		assertThat(body.get("limit").asInt()).isEqualTo(10);
		assertThat(body.get("offset").asInt()).isEqualTo(0);
		assertThat(body.get("filters").isObject()).isTrue();
		assertThat(body.get("sort").get(0).asString()).isEqualTo("id");
		JsonNode first = body.get("waba_templates").get(0);
		assertThat(first.get("name").asString()).isEqualTo("text_header_template");
		assertThat(first.get("language").asString()).isEqualTo("en");
		assertThat(first.get("rejected_reason").asString()).isEqualTo("NONE");
		assertThat(first.get("components")).hasSize(4);
		assertThat(gateway().get("/v1/configs/templates?limit=1&offset=1", channel.apiKey())
			.json()
			.get("waba_templates")
			.get(0)
			.get("name")
			.asString()).isEqualTo("image_header_template");
	}

	@Test
	default void anApprovedTemplateCanBeSentWithTheRightParameters() {
		TestChannel channel = gateway().newSandboxChannel();
		approvedTemplate(gateway(), channel, "name_here", "Hello {{1}}, your order {{2}} shipped.", "\"Ann\",\"42\"");
		String seedSend = """
				{"to":"919999999999","type":"template","template":{"namespace":"your_namespace_id",
				 "language":{"policy":"deterministic","code":"en"},"name":"name_here",
				 "components":[{"type":"body","parameters":[%s]}]}}""";

		Response sent = gateway().curlData("POST", "/v1/messages", channel.apiKey(),
				seedSend.formatted("{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}"));
		Response tooFew = gateway().curlData("POST", "/v1/messages", channel.apiKey(),
				seedSend.formatted("{\"type\":\"text\",\"text\":\"a\"}"));
		Response otherLanguage = gateway().curlData("POST", "/v1/messages", channel.apiKey(),
				seedSend.replace("\"en\"", "\"en_US\"")
					.formatted("{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}"));
		Response unknown = gateway().curlData("POST", "/v1/messages", channel.apiKey(),
				seedSend.replace("name_here", "no_such_template").formatted(""));

		assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
		assertThat(tooFew.status()).isEqualTo(400);
		assertThat(tooFew.json().get("errors").get(0).get("code").asInt()).isEqualTo(132000);
		assertThat(otherLanguage.status()).isEqualTo(400);
		assertThat(otherLanguage.json().get("errors").get(0).get("code").asInt()).isEqualTo(132001);
		assertThat(otherLanguage.json().get("errors").get(0).get("details").asString()).contains("[en]");
		assertThat(unknown.json().get("errors").get(0).get("code").asInt()).isEqualTo(132001);
	}

	@Test
	default void theSandboxRejectsATemplateWhoseNameAsksForIt() {
		TestChannel channel = gateway().newSandboxChannel();
		create(channel, bodyOnly("please_reject_me", "Hello {{1}}.", "\"Ann\""));

		JsonNode rejected = awaitStatus(channel, "please_reject_me", "rejected");

		assertThat(rejected.get("rejected_reason").asString()).isEqualTo("INVALID_FORMAT");
	}

	@Test
	default void deletingByNameRemovesEveryLanguageAndOnlyForTheOwner() {
		TestChannel owner = gateway().newSandboxChannel();
		TestChannel stranger = gateway().newSandboxChannel();
		create(owner, bodyOnly("promo", "Hi {{1}}.", "\"Ann\""));
		create(owner, bodyOnly("promo", "Hola {{1}}.", "\"Ana\"").replace("\"en\"", "\"es\""));

		assertThat(gateway().get("/v1/configs/templates", stranger.apiKey()).json().get("total").asInt()).isZero();
		assertThat(gateway().curlData("DELETE", "/v1/configs/templates/promo", stranger.apiKey(), "").status())
			.isEqualTo(404);
		Response deleted = gateway().curlData("DELETE", "/v1/configs/templates/promo", owner.apiKey(), "");
		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.json().get("deleted").asInt()).isEqualTo(2);
		assertThat(gateway().get("/v1/configs/templates", owner.apiKey()).json().get("total").asInt()).isZero();
		assertThat(gateway().curlData("DELETE", "/v1/configs/templates/promo", owner.apiKey(), "").status())
			.isEqualTo(404);
	}

	@Test
	default void everyBrokenRuleIsListedAndNothingIsStored() {
		TestChannel channel = gateway().newSandboxChannel();

		Response refused = create(channel, """
				{"name":"Bad Name","category":"NEWSLETTER","language":"english","components":[
				 {"type":"HEADER","format":"TEXT","text":"{{1}} and {{2}}"},
				 {"type":"BODY","text":"{{1}} then {{3}}"},
				 {"type":"FOOTER","text":"Thanks {{1}}"}]}""");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").valueStream().map((e) -> e.get("field").asString())).contains("name",
				"category", "language", "components[0].text", "components[1].text", "components[2].text");
		assertThat(gateway().get("/v1/configs/templates", channel.apiKey()).json().get("total").asInt()).isZero();
	}

	default void assertRefused(String body, String field, String rule) {
		TestChannel channel = gateway().newSandboxChannel();
		Response refused = create(channel, body);
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.json().get("errors").valueStream()).as(refused.toString())
			.anyMatch((e) -> field.equals(e.path("field").asString("")) && rule.equals(e.path("rule").asString("")));
	}

	static String withComponents(String components) {
		return """
				{"name":"rules","category":"MARKETING","language":"en_US","components":[%s]}""".formatted(components);
	}

	String BODY = "{\"type\":\"BODY\",\"text\":\"Hello there\"}";

	@Test
	default void theNameMustBeLowerCaseAndShort() {
		assertRefused(withComponents(BODY).replace("\"rules\"", "\"Rules\""), "name", "pattern");
		assertRefused(withComponents(BODY).replace("\"rules\"", "\"" + "a".repeat(513) + "\""), "name", "max_length");
	}

	@Test
	default void theLanguageMustBeAKnownCode() {
		assertRefused(withComponents(BODY).replace("en_US", "en-US"), "language", "one_of");
	}

	@Test
	default void legacyCategoriesAreMappedAndUnknownOnesRefused() {
		TestChannel channel = gateway().newSandboxChannel();
		Response otp = create(channel, withComponents(BODY).replace("MARKETING", "OTP"));
		Response transactional = create(channel,
				withComponents(BODY).replace("MARKETING", "TRANSACTIONAL").replace("rules", "rules_two"));

		assertThat(otp.json().get("category").asString()).isEqualTo("AUTHENTICATION");
		assertThat(transactional.json().get("category").asString()).isEqualTo("UTILITY");
		assertRefused(withComponents(BODY).replace("MARKETING", "NEWSLETTER"), "category", "one_of");
	}

	@Test
	default void exactlyOneBodyIsRequired() {
		assertRefused(withComponents("{\"type\":\"FOOTER\",\"text\":\"x\"}"), "components", "required");
		assertRefused(withComponents(BODY + "," + BODY), "components[1].type", "max_count");
		assertRefused(withComponents("{\"type\":\"BODY\",\"text\":\"" + "x".repeat(1025) + "\"}"), "components[0].text",
				"max_length");
	}

	@Test
	default void bodyVariablesNeedExamplesAndMustBeSequentialSeparatedAndNotFirst() {
		assertRefused(withComponents("{\"type\":\"BODY\",\"text\":\"Hi {{1}}.\"}"), "components[0].example.body_text",
				"example");
		assertRefused(withComponents("{\"type\":\"BODY\",\"text\":\"Hi {{1}} and {{3}}.\"}"), "components[0].text",
				"variable_sequence");
		assertRefused(withComponents("{\"type\":\"BODY\",\"text\":\"Hi {{1}}{{2}}.\"}"), "components[0].text",
				"variables_adjacent");
		assertRefused(withComponents("{\"type\":\"BODY\",\"text\":\"{{1}} is here.\"}"), "components[0].text",
				"variable_at_start");
		assertRefused(withComponents("{\"type\":\"BODY\",\"text\":\"Hi {{1}.\"}"), "components[0].text",
				"variable_braces");
	}

	@Test
	default void headersFollowTheirFormatsRules() {
		assertRefused(withComponents("{\"type\":\"HEADER\",\"format\":\"GIF\"}," + BODY), "components[0].format",
				"one_of");
		assertRefused(
				withComponents("{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"" + "x".repeat(61) + "\"}," + BODY),
				"components[0].text", "max_length");
		assertRefused(withComponents(
				"{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"A {{1}} B {{2}}\",\"example\":{\"header_text\":[\"a\",\"b\"]}},"
						+ BODY),
				"components[0].text", "max_variables");
		assertRefused(withComponents("{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"A {{1}}\"}," + BODY),
				"components[0].example.header_text", "example");
		assertRefused(withComponents("{\"type\":\"HEADER\",\"format\":\"IMAGE\"}," + BODY),
				"components[0].example.header_handle", "example");
		assertRefused(
				withComponents(BODY + "," + "{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"a\"},"
						+ "{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"b\"}"),
				"components[2].type", "max_count");
	}

	@Test
	default void aFooterIsShortPlainText() {
		assertRefused(withComponents(BODY + ",{\"type\":\"FOOTER\",\"text\":\"" + "x".repeat(61) + "\"}"),
				"components[1].text", "max_length");
		assertRefused(withComponents(BODY + ",{\"type\":\"FOOTER\",\"text\":\"Bye {{1}}\"}"), "components[1].text",
				"no_variables");
		assertRefused(withComponents(BODY + ",{\"type\":\"FOOTER\"}"), "components[1].text", "required");
	}

	@Test
	default void buttonsFollowMetasLimits() {
		String qr = "{\"type\":\"QUICK_REPLY\",\"text\":\"Yes\"}";
		String url = "{\"type\":\"URL\",\"text\":\"Open\",\"url\":\"https://example.com/{{1}}\",\"example\":[\"https://example.com/a\"]}";
		String phone = "{\"type\":\"PHONE_NUMBER\",\"text\":\"Call\",\"phone_number\":\"+15550001111\"}";
		TestChannel channel = gateway().newSandboxChannel();
		Response valid = create(channel, withComponents(BODY + ",{\"type\":\"BUTTONS\",\"buttons\":[" + qr + "," + qr
				+ "," + url + "," + phone + ",{\"type\":\"COPY_CODE\",\"example\":\"SAVE10\"}]}"));
		assertThat(valid.status()).as(valid.toString()).isEqualTo(201);

		assertRefused(withComponents(BODY + ",{\"type\":\"BUTTONS\",\"buttons\":[" + (qr + ",").repeat(10) + qr + "]}"),
				"components[1].buttons", "max_items");
		assertRefused(withComponents(BODY + ",{\"type\":\"BUTTONS\",\"buttons\":[" + qr + "," + url + "," + qr + "]}"),
				"components[1].buttons[2]", "quick_replies_contiguous");
		assertRefused(withComponents(BODY + ",{\"type\":\"BUTTONS\",\"buttons\":[" + phone + "," + phone + "]}"),
				"components[1].buttons[1]", "max_count");
		assertRefused(withComponents(BODY + ",{\"type\":\"BUTTONS\",\"buttons\":["
				+ "{\"type\":\"URL\",\"text\":\"Open\",\"url\":\"https://example.com/{{1}}/x\",\"example\":[\"a\"]}]}"),
				"components[1].buttons[0].url", "url_variable");
		assertRefused(withComponents(BODY + ",{\"type\":\"BUTTONS\",\"buttons\":["
				+ "{\"type\":\"QUICK_REPLY\",\"text\":\"" + "x".repeat(26) + "\"}]}"), "components[1].buttons[0].text",
				"max_length");
		assertRefused(withComponents(BODY
				+ ",{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"COPY_CODE\",\"example\":\"0123456789ABCDEF\"}]}"),
				"components[1].buttons[0].example", "max_length");
		assertRefused(
				withComponents(BODY + ",{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"FLOW\",\"text\":\"Go\"}]}"),
				"components[1].buttons[0].type", "one_of");
	}

}
