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
	void metasOwnComplianceExampleIsValidAfterTheErrataAndAWrongNumberIsNot() {
		String example = """
				{"messaging_product":"whatsapp","entity_name":"Lucky Shrub Private Limited","entity_type":"PARTNERSHIP",
				 "is_registered":true,
				 "grievance_officer_details":{"name":"Chandravati P.","email":"chandravati@luckyshrub.com",
				  "mobile_number":"+913854559033"},
				 "customer_care_details":{"email":"support@luckyshrub.com","landline_number":"+913857614343"}}""";

		assertThat(post("/v23.0/106540352242922/business_compliance_info", example)).isEmpty();
		assertThat(post("/v23.0/106540352242922/business_compliance_info",
				example.replace("+913854559033", "03854559033")))
			.isNotEmpty();
	}

	@Test
	void aProfileUpdateIsCheckedAgainstMetasSchema() {
		assertThat(post("/v23.0/106540352242922/whatsapp_business_profile", """
				{"messaging_product":"whatsapp","about":"Open 9 to 5","profile_picture_handle":"4:aW1hZ2U=:abc"}"""))
			.isEmpty();
		assertThat(post("/v23.0/106540352242922/whatsapp_business_profile", """
				{"messaging_product":"whatsapp","vertical":"SHOPS"}""")).isNotEmpty();
		assertThat(post("/v23.0/106540352242922/whatsapp_business_profile", "{\"about\":\"Hi\"}")).isNotEmpty();
	}

	@Test
	void theResumableUploadApiIsCheckedByHand() {
		assertThat(this.spec.violations("POST", "/v23.0/700000000000001/uploads",
				"file_length=10&file_type=image%2Fpng", Map.of("authorization", "Bearer EAAG"), new byte[0]))
			.isEmpty();
		assertThat(this.spec.violations("POST", "/v23.0/700000000000001/uploads", "file_type=image%2Fpng",
				Map.of("authorization", "Bearer EAAG"), new byte[0]))
			.isNotEmpty();
		assertThat(this.spec.violations("POST", "/v23.0/upload:MTph", "sig=x",
				Map.of("authorization", "OAuth EAAG", "file_offset", "0"), new byte[10]))
			.isEmpty();
		assertThat(this.spec.violations("POST", "/v23.0/upload:MTph", "sig=x",
				Map.of("authorization", "Bearer EAAG", "file_offset", "0"), new byte[10]))
			.isNotEmpty();
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
