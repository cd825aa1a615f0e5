package dev.wabagate.upstream.meta;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fake Graph API's request validator: it passes what Meta documents and fails the
 * rest.
 */
class GraphSpecTests {

	private static final Map<String, String> JSON_WITH_TOKEN = Map.of("authorization", "Bearer EAAG", "content-type",
			"application/json");

	private final GraphSpec spec = GraphSpec.get();

	@Test
	void aTextMessageAsWabagateSendsItIsValid() {
		assertThat(post("/v23.0/106540352242922/messages", """
				{"messaging_product":"whatsapp","recipient_type":"individual","to":"+919812345678","type":"text",
				 "text":{"body":"hi"}}""")).isEmpty();
	}

	@Test
	void metasOwnReadReceiptExampleIsValidAfterTheErrata() {
		assertThat(post("/v23.0/106540352242922/messages",
				"""
						{"messaging_product":"whatsapp","status":"read","message_id":"wamid.HBgL","typing_indicator":{"type":"text"}}"""))
			.isEmpty();
	}

	@Test
	void aMessageThatBreaksTheSchemaIsAViolation() {
		assertThat(post("/v23.0/106540352242922/messages", """
				{"messaging_product":"whatsapp","recipient_type":"individual","to":"+919812345678","type":"text",
				 "text":{"body":"hi","bold":true}}""")).isNotEmpty();
		assertThat(post("/v23.0/106540352242922/messages", """
				{"messaging_product":"whatsapp","status":"read"}""")).isNotEmpty();
	}

	@Test
	void aTemplateWithAWrongTypeIsAViolation() {
		assertThat(post("/v23.0/102290129340398/message_templates", """
				{"name":"order_update","language":"en_US","category":"UTILITY",
				 "components":[{"type":"BODY","text":"Your order is on its way."}]}""")).isEmpty();
		assertThat(post("/v23.0/102290129340398/message_templates", "{\"name\":5}")).isNotEmpty();
	}

	@Test
	void aRequestWithoutTheTokenOrToAnUnknownEdgeIsAViolation() {
		assertThat(this.spec.violations("GET", "/v23.0/1065001/whatsapp_business_profile", "fields=about", Map.of(),
				new byte[0]))
			.anySatisfy((violation) -> assertThat(violation).contains("Authorization"));
		assertThat(this.spec.violations("POST", "/v23.0/1065001/no_such_edge", null, JSON_WITH_TOKEN, new byte[0]))
			.anySatisfy((violation) -> assertThat(violation).contains("no operation"));
	}

	private List<String> post(String path, String body) {
		return this.spec.violations("POST", path, null, JSON_WITH_TOKEN, body.getBytes(StandardCharsets.UTF_8));
	}

}
