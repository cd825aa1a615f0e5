package dev.wabagate.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.accounts.Channel;
import dev.wabagate.accounts.ProviderKind;
import dev.wabagate.webhooks.WebhookEndpoint.PayloadFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Events published by other modules render in both formats. */
class WebhookPayloadsTests {

	private final JsonMapper json = JsonMapper.builder().build();

	private final WebhookPayloads payloads = new WebhookPayloads(this.json);

	private final Channel channel = new Channel("ch_1", "acc_1", "15550783881", "106540352242922", "waba-9",
			ProviderKind.SANDBOX, 80, "gateway");

	@Test
	void aTemplateStatusUpdateIsWrappedInItsFieldInV1AndInTheCloudEnvelope() {
		WebhookEvent event = WebhookEvent.templateStatusUpdate("ch_1", "1689556908129835", "order_update", "en",
				"REJECTED", "INVALID_FORMAT", "UTILITY");

		JsonNode v1 = render(PayloadFormat.V1, event);
		JsonNode cloud = render(PayloadFormat.CLOUD, event);

		assertThat(event.type()).isEqualTo("template.status_updated");
		assertThat(v1.get("message_template_status_update").get("event").asString()).isEqualTo("REJECTED");
		assertThat(v1.get("message_template_status_update").get("reason").asString()).isEqualTo("INVALID_FORMAT");
		assertThat(cloud.get("entry").get(0).get("id").asString()).isEqualTo("waba-9");
		JsonNode change = cloud.get("entry").get(0).get("changes").get(0);
		assertThat(change.get("field").asString()).isEqualTo("message_template_status_update");
		assertThat(change.get("value").get("message_template_name").asString()).isEqualTo("order_update");
		assertThat(change.get("value").has("messaging_product")).isFalse();
	}

	@Test
	void aChannelEventKeepsItsField() {
		WebhookEvent event = WebhookEvent.channelEvent("ch_1", "phone_number_quality_update",
				this.json.createObjectNode().put("current_limit", "TIER_1K"));

		assertThat(event.type()).isEqualTo("channel.phone_number_quality_update");
		assertThat(render(PayloadFormat.V1, event).get("phone_number_quality_update").get("current_limit").asString())
			.isEqualTo("TIER_1K");
	}

	@Test
	void cloudErrorsBecomeOnPremisesErrorsInV1() {
		String data = """
				{"statuses":[{"id":"msg_1","status":"failed","timestamp":"1","recipient_id":"9199",
				 "errors":[{"code":131026,"title":"Message Undeliverable","message":"Message Undeliverable",
				            "error_data":{"details":"Not a WhatsApp user"}}]}]}""";

		JsonNode v1 = this.json.readTree(this.payloads.render(PayloadFormat.V1, this.channel, "messages", data));
		JsonNode cloud = this.json.readTree(this.payloads.render(PayloadFormat.CLOUD, this.channel, "messages", data));

		assertThat(v1.get("statuses").get(0).get("errors").get(0).toString())
			.isEqualTo("{\"code\":131026,\"title\":\"Message Undeliverable\",\"details\":\"Not a WhatsApp user\"}");
		JsonNode value = cloud.get("entry").get(0).get("changes").get(0).get("value");
		assertThat(value.get("metadata").get("display_phone_number").asString()).isEqualTo("15550783881");
		assertThat(value.get("statuses").get(0).get("errors").get(0).get("error_data").get("details").asString())
			.isEqualTo("Not a WhatsApp user");
	}

	@Test
	void statusesOfABatchShareOneStatusesArrayInEachFormat() {
		List<JsonNode> values = List.of(
				this.json
					.readTree("{\"statuses\":[{\"id\":\"msg_1\",\"status\":\"sent\",\"recipient_id\":\"91991\"}]}"),
				this.json
					.readTree("{\"statuses\":[{\"id\":\"msg_2\",\"status\":\"read\",\"recipient_id\":\"91992\"}]}"));

		JsonNode v1 = this.json.readTree(this.payloads.render(PayloadFormat.V1, this.channel, "messages", values));
		JsonNode cloud = this.json
			.readTree(this.payloads.render(PayloadFormat.CLOUD, this.channel, "messages", values));

		assertThat(v1.propertyNames()).containsExactly("statuses");
		assertThat(v1.get("statuses").valueStream().map((s) -> s.get("id").asString())).containsExactly("msg_1",
				"msg_2");
		assertThat(cloud.get("entry")).hasSize(1);
		assertThat(cloud.at("/entry/0/changes")).hasSize(1);
		JsonNode value = cloud.at("/entry/0/changes/0/value");
		assertThat(value.get("metadata").get("phone_number_id").asString()).isEqualTo("106540352242922");
		assertThat(value.get("statuses").valueStream().map((s) -> s.get("status").asString())).containsExactly("sent",
				"read");
		assertThat(values.get(0).get("statuses")).as("the stored values are left as they were").hasSize(1);
	}

	@Test
	void customerMessagesOfABatchKeepEachContactAtItsMessagesIndex() {
		List<JsonNode> values = List.of(this.json.readTree("""
				{"contacts":[{"profile":{"name":"Ann"},"wa_id":"91991"}],
				 "messages":[{"from":"91991","id":"wamid.1","type":"text","text":{"body":"one"}}]}"""),
				this.json.readTree("""
						{"contacts":[{"profile":{"name":"Bob"},"wa_id":"91992"}],
						 "messages":[{"from":"91992","id":"wamid.2","type":"text","text":{"body":"two"}}]}"""));

		JsonNode v1 = this.json.readTree(this.payloads.render(PayloadFormat.V1, this.channel, "messages", values));

		assertThat(v1.get("contacts").valueStream().map((c) -> c.get("wa_id").asString())).containsExactly("91991",
				"91992");
		assertThat(v1.get("messages").valueStream().map((m) -> m.get("from").asString())).containsExactly("91991",
				"91992");
	}

	private JsonNode render(PayloadFormat format, WebhookEvent event) {
		return this.json.readTree(this.payloads.render(format, this.channel, event.field(), event.value().toString()));
	}

	@Test
	void theBodyIsAsciiWithEveryCharacterFromDeleteUpEscapedAndSurrogatesAsTwoEscapes() {
		String data = """
				{"contacts":[{"profile":{"name":"Zoë"},"wa_id":"9199"}],
				 "messages":[{"from":"9199","id":"wamid.1","timestamp":"1","type":"text",
				              "text":{"body":"caf\u00e9 \u007f \ud83d\ude00 \u20ac"}}]}""";

		byte[] body = this.payloads.render(PayloadFormat.CLOUD, this.channel, "messages", data);

		for (byte b : body) {
			assertThat(b & 0xff).isLessThan(0x7f);
		}
		String text = new String(body, StandardCharsets.US_ASCII);
		assertThat(text.toLowerCase(Locale.ROOT)).contains("caf\\u00e9 \\u007f \\ud83d\\ude00 \\u20ac")
			.contains("zo\\u00eb");
		assertThat(this.json.readTree(body).at("/entry/0/changes/0/value/messages/0/text/body").asString())
			.isEqualTo("caf\u00e9 \u007f \ud83d\ude00 \u20ac");
	}

}
