package dev.wabagate.upstream.meta;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.upstream.ProviderContract;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A meta channel's templates live on Meta: created, deleted, imported and changed there.
 */
class MetaTemplatesTests extends MetaGatewayTest {

	private static final String BODY_ONLY = """
			{"name":"%s","category":"UTILITY","language":"en_US",
			 "components":[{"type":"BODY","text":"Your appointment is confirmed."}]}""";

	@Test
	void aCreatedTemplateReachesMetaInMetasShapeWithItsIdStored() {
		MetaChannel channel = newImportedChannel();

		Response created = create(channel, "appointment_confirmed");

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		FakeGraph.Template onMeta = GRAPH.templates(channel.wabaId()).get(0);
		assertThat(onMeta.name()).isEqualTo("appointment_confirmed");
		assertThat(onMeta.status()).isEqualTo("PENDING");
		FakeGraph.Request request = GRAPH.requestsFor(channel.wabaId())
			.stream()
			.filter((r) -> r.method().equals("POST"))
			.findFirst()
			.orElseThrow();
		assertThat(request.authorization()).isEqualTo("Bearer " + channel.accessToken());
		assertThat(request.body()).contains("\"language\":\"en_US\"").contains("\"category\":\"UTILITY\"");
	}

	@Test
	void metasRefusalIsA400NamingMetasErrorAndNothingIsStored() {
		MetaChannel channel = newImportedChannel();
		GRAPH.answerNext(channel.wabaId(), FakeGraph.Answer.error(400, 100, "Invalid parameter"));

		Response refused = create(channel, "refused_by_meta");

		assertThat(refused.status()).isEqualTo(400);
		JsonNode error = refused.json().get("errors").get(0);
		assertThat(error.get("code").asInt()).isEqualTo(100);
		assertThat(error.get("title").asString()).isEqualTo("Invalid parameter");
		assertThat(error.get("details").asString()).isEqualTo("Details of 100");
		assertThat(templateNames(channel)).doesNotContain("refused_by_meta");
	}

	@Test
	void anOutageIs503WithRetryAfterAndNothingIsStored() {
		MetaChannel channel = newImportedChannel();
		GRAPH.answerNext(channel.wabaId(), FakeGraph.Answer.json(500, "oops"));

		Response refused = create(channel, "during_an_outage");

		assertThat(refused.status()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Retry-After")).isPresent();
		assertThat(templateNames(channel)).doesNotContain("during_an_outage");
	}

	@Test
	void deletingGoesToMetaByNameAndARefusalDeletesNothing() {
		MetaChannel channel = newImportedChannel();
		create(channel, "to_be_deleted");
		create(channel, "kept_for_now");
		GRAPH.answerNext(channel.wabaId(), FakeGraph.Answer.error(400, 100, "Invalid parameter"));

		Response refused = gateway().curlData("DELETE", "/v1/configs/templates/kept_for_now", channel.apiKey(), "");
		Response deleted = gateway().curlData("DELETE", "/v1/configs/templates/to_be_deleted", channel.apiKey(), "");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
		assertThat(GRAPH.templates(channel.wabaId())).extracting(FakeGraph.Template::name)
			.containsExactly("kept_for_now");
		assertThat(templateNames(channel)).containsExactly("kept_for_now");
		assertThat(GRAPH.requestsFor(channel.wabaId())).anySatisfy((r) -> {
			assertThat(r.method()).isEqualTo("DELETE");
			assertThat(r.query()).isEqualTo("name=to_be_deleted");
		});
	}

	@Test
	void deletingOneLanguageGoesToMetaByHsmIdAndKeepsTheOthers() {
		MetaChannel channel = newImportedChannel();
		create(channel, "two_languages");
		gateway().curlData("POST", "/v1/configs/templates", channel.apiKey(),
				BODY_ONLY.formatted("two_languages").replace("en_US", "pt_BR"));
		String portuguese = GRAPH.templates(channel.wabaId())
			.stream()
			.filter((t) -> t.language().equals("pt_BR"))
			.findFirst()
			.orElseThrow()
			.id();

		Response deleted = gateway().curlData("DELETE", "/v1/configs/templates/two_languages?language=pt_BR",
				channel.apiKey(), "");
		Response unknown = gateway().curlData("DELETE", "/v1/configs/templates/two_languages?language=de",
				channel.apiKey(), "");

		assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
		assertThat(deleted.json().get("deleted").asInt()).isEqualTo(1);
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(GRAPH.templates(channel.wabaId())).extracting(FakeGraph.Template::language).containsExactly("en_US");
		assertThat(GRAPH.requestsFor(channel.wabaId())).anySatisfy((r) -> {
			assertThat(r.method()).isEqualTo("DELETE");
			assertThat(r.query()).isEqualTo("name=two_languages&hsm_id=" + portuguese);
		});
	}

	@Test
	void aNewChannelImportsEveryTemplateOfItsBusinessAccountFollowingMetasPaging() {
		long n = newNumber();
		for (int i = 0; i < 130; i++) {
			GRAPH.addTemplate("waba" + n, "existing_" + i, "en_US", "MARKETING", "APPROVED",
					"[{\"type\":\"BODY\",\"text\":\"Offer " + i + "\"}]");
		}

		MetaChannel channel = newMetaChannel(true, n);

		Response listed = gateway().await("/v1/configs/templates?limit=1000", channel.apiKey(),
				(r) -> r.json().get("total").asInt() == 130, Duration.ofSeconds(20));
		assertThat(listed.json().get("total").asInt()).isEqualTo(130);
		assertThat(GRAPH.requestsFor(channel.wabaId()))
			.filteredOn((r) -> r.method().equals("GET") && r.query().contains("after="))
			.isNotEmpty();
	}

	@Test
	void qualityAndCategoryUpdatesFromMetaAreApplied() {
		MetaChannel channel = newImportedChannel();
		create(channel, "changes_later");
		FakeGraph.Template template = GRAPH.review(channel.wabaId(), "changes_later", "APPROVED");
		postSignedWebhook(channel, templateStatusPayload(channel, template, "APPROVED", "NONE"));

		Response quality = postSignedWebhook(channel, templateChange(channel, "message_template_quality_update", """
				"previous_quality_score":"GREEN","new_quality_score":"YELLOW","message_template_id":%s,
				"message_template_name":"changes_later","message_template_language":"en_US\""""
			.formatted(template.id())));
		GRAPH.recategorise(channel.wabaId(), "changes_later", "MARKETING");
		Response category = postSignedWebhook(channel, templateChange(channel, "template_category_update", """
				"message_template_id":%s,"message_template_name":"changes_later","message_template_language":"en_US",
				"previous_category":"UTILITY","new_category":"MARKETING\"""".formatted(template.id())));

		assertThat(quality.status()).isEqualTo(200);
		assertThat(category.status()).isEqualTo(200);
		JsonNode listed = gateway().get("/v1/configs/templates", channel.apiKey()).json().get("waba_templates").get(0);
		assertThat(listed.get("quality_score").asString()).isEqualTo("YELLOW");
		assertThat(listed.get("category").asString()).isEqualTo("MARKETING");
		assertThat(listed.get("status").asString()).isEqualTo("approved");
	}

	@Test
	void aTemplateStillUnderReviewCannotBeSent() {
		MetaChannel channel = newImportedChannel();
		assertThat(gateway().curlData("POST", "/v1/configs/templates", channel.apiKey(), """
				{"name":"pending_one","category":"UTILITY","language":"en",
				 "components":[{"type":"BODY","text":"Hi {{1}}.","example":{"body_text":[["Ann"]]}}]}""").status())
			.isEqualTo(201);

		Response refused = gateway().curlData("POST", "/v1/messages", channel.apiKey(), """
				{"to":"919999999999","type":"template","template":{"name":"pending_one","language":{"code":"en"},
				 "components":[{"type":"body","parameters":[{"type":"text","text":"Ann"}]}]}}""");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").get(0).get("code").asInt()).isEqualTo(132001);
		assertThat(refused.json().get("errors").get(0).get("details").asString()).contains("PENDING");
	}

	@Test
	void aMediaHeaderSampleGivenAsAMediaIdReachesMetaAsAnUploadHandleAndAUrlIsRefused() {
		MetaChannel channel = newImportedChannel();
		byte[] jpeg = ProviderContract.jpeg();
		Response uploaded = gateway().uploadMedia(channel.channel(), "image/jpeg", jpeg);
		String mediaId = uploaded.json().at("/media/0/id").asString();
		String template = """
				{"name":"%s","category":"MARKETING","language":"en_US",
				 "components":[{"type":"HEADER","format":"IMAGE","example":{"header_handle":["%s"]}},
				  {"type":"BODY","text":"New arrivals are in."}]}""";

		Response created = gateway().curlData("POST", "/v1/configs/templates", channel.apiKey(),
				template.formatted("new_arrivals", mediaId));
		Response byUrl = gateway().curlData("POST", "/v1/configs/templates", channel.apiKey(),
				template.formatted("new_arrivals_link", "https://example.com/arrivals.jpg"));
		Response unknown = gateway().curlData("POST", "/v1/configs/templates", channel.apiKey(),
				template.formatted("new_arrivals_unknown", "media_unknown"));

		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		FakeGraph.Template onMeta = GRAPH.templates(channel.wabaId()).get(0);
		String handle = onMeta.components().at("/0/example/header_handle/0").asString();
		assertThat(GRAPH.uploadedWithHandle(handle)).isNotNull().satisfies((upload) -> {
			assertThat(upload.content()).isEqualTo(jpeg);
			assertThat(upload.fileType()).isEqualTo("image/jpeg");
			assertThat(upload.appId()).isEqualTo(channel.appId());
		});
		assertThat(byUrl.status()).isEqualTo(400);
		assertThat(byUrl.json().at("/errors/0/field").asString()).isEqualTo("components[0].example.header_handle[0]");
		assertThat(byUrl.json().at("/errors/0/details").asString()).contains("POST /v1/media");
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(GRAPH.templates(channel.wabaId())).extracting(FakeGraph.Template::name)
			.containsExactly("new_arrivals");
	}

	/**
	 * A meta channel whose first import (on creation) is done, so scripted answers meet
	 * the call they are for.
	 */
	private MetaChannel newImportedChannel() {
		MetaChannel channel = newMetaChannel();
		for (int i = 0; i < 400 && GRAPH.requestsFor(channel.wabaId()).isEmpty(); i++) {
			try {
				Thread.sleep(25);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		assertThat(GRAPH.requestsFor(channel.wabaId())).isNotEmpty();
		return channel;
	}

	private Response create(MetaChannel channel, String name) {
		return gateway().curlData("POST", "/v1/configs/templates", channel.apiKey(), BODY_ONLY.formatted(name));
	}

	private List<String> templateNames(MetaChannel channel) {
		return gateway().get("/v1/configs/templates", channel.apiKey())
			.json()
			.get("waba_templates")
			.valueStream()
			.map((t) -> t.get("name").asString())
			.toList();
	}

	private static String templateChange(MetaChannel channel, String field, String value) {
		return """
				{"object":"whatsapp_business_account","entry":[{"id":"%s","time":1751247548,"changes":[
				 {"field":"%s","value":{%s}}]}]}""".formatted(channel.wabaId(), field, value);
	}

}
