package dev.wabagate.upstream.meta;

import java.net.http.HttpRequest;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.wabagate.support.GatewayClient.Response;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Cloud API dialect on a {@code meta} channel: its calls go through the same services
 * to Meta (here the fake Graph API), and Meta's own refusals come back in Meta's shape
 * with Meta's code.
 */
class CloudApiOnMetaChannelsTests extends MetaGatewayTest {

	private static final String CUSTOMER = "919812345678";

	private Response call(MetaChannel channel, String method, String path, String json) {
		return gateway().request(gateway().to(path)
			.header("Authorization", "Bearer " + channel.apiKey())
			.header("Content-Type", "application/json")
			.method(method,
					(json == null) ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
	}

	@Test
	void aTextSentOnTheGraphPathReachesMetaAndMarkReadIsPassedOn() {
		MetaChannel channel = newMetaChannel();
		String wamid = FakeGraph.newWamid();
		postSignedWebhook(channel, inboundTextPayload(channel, CUSTOMER, wamid, "hi"));

		Response sent = call(channel, "POST", "/v23.0/" + channel.phoneNumberId() + "/messages", """
				{"messaging_product":"whatsapp","to":"%s","type":"text","text":{"body":"Your order shipped"}}"""
			.formatted(CUSTOMER));
		Response read = call(channel, "POST", "/" + channel.phoneNumberId() + "/messages",
				"{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\"" + wamid + "\"}");

		assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
		assertThat(read.json().get("success").asBoolean()).as(read.toString()).isTrue();
		String id = sent.json().get("messages").get(0).get("id").asString();
		Response stored = gateway().await("/v1/messages/" + id, channel.apiKey(),
				(r) -> r.json().path("upstream_message_id").isString(), Duration.ofSeconds(20));
		assertThat(stored.json().get("upstream_message_id").asString()).startsWith("wamid.");
		assertThat(GRAPH.requestsFor(channel.phoneNumberId()))
			.anySatisfy((r) -> assertThat(r.body()).contains("Your order shipped"))
			.anySatisfy((r) -> assertThat(r.body()).contains("\"status\":\"read\"").contains(wamid));
	}

	@Test
	void aTemplateCreatedOnTheGraphPathGoesToMetaAndMetasRefusalKeepsMetasCode() {
		MetaChannel channel = newMetaChannel();
		String edge = "/v23.0/" + channel.wabaId() + "/message_templates";

		Response created = call(channel, "POST", edge, """
				{"name":"order_shipped","category":"UTILITY","language":"en_US",
				 "components":[{"type":"BODY","text":"Your order is on its way."}]}""");
		GRAPH.answerNext(channel.wabaId(), FakeGraph.Answer.error(400, 100, "Invalid parameter"));
		Response refused = call(channel, "POST", edge, """
				{"name":"refused_by_meta","category":"UTILITY","language":"en_US",
				 "components":[{"type":"BODY","text":"Hello."}]}""");

		assertThat(created.status()).as(created.toString()).isEqualTo(200);
		assertThat(created.json().get("status").asString()).isEqualTo("PENDING");
		assertThat(GRAPH.templates(channel.wabaId())).extracting(FakeGraph.Template::name).contains("order_shipped");
		assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
		assertThat(refused.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(refused.json().get("error").get("code").asInt()).isEqualTo(100);
		assertThat(call(channel, "GET", edge + "?name=refused_by_meta", null).json().get("data")).isEmpty();
	}

	@Test
	void numberRegistrationOnAMetaChannelSaysItIsNotPassedOn() {
		MetaChannel channel = newMetaChannel();

		Response register = call(channel, "POST", "/v23.0/" + channel.phoneNumberId() + "/register",
				"{\"messaging_product\":\"whatsapp\",\"pin\":\"123456\"}");

		assertThat(register.status()).isEqualTo(501);
		assertThat(register.json().get("error").get("code").asInt()).isEqualTo(100);
		assertThat(register.json().get("error").get("error_data").get("details").asString())
			.contains("WhatsApp Manager");
		assertThat(GRAPH.requestsFor(channel.phoneNumberId())).isEmpty();
	}

}
