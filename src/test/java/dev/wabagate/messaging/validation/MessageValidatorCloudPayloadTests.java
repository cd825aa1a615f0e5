package dev.wabagate.messaging.validation;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

class MessageValidatorCloudPayloadTests {

	private final MessageValidator validator = new MessageValidator();

	@Test
	void addsCloudEnvelopeFieldsFirstAndKeepsTheRestAsSent() {
		ObjectNode payload = this.validator
			.validate(Messages.json("{'type':'text','to':'+91 99999 99999','biz_opaque_callback_data':'order-7',"
					+ "'text':{'body':'Hi','preview_url':false}}"))
			.cloudPayload();
		assertThat(payload).isEqualTo(Messages.json("{'messaging_product':'whatsapp','recipient_type':'individual',"
				+ "'to':'+919999999999','type':'text','biz_opaque_callback_data':'order-7',"
				+ "'text':{'body':'Hi','preview_url':false}}"));
		assertThat(payload.propertyNames()).startsWith("messaging_product", "recipient_type", "to");
	}

	@Test
	void movesTheOnPremisesTopLevelPreviewUrlIntoText() {
		ObjectNode payload = this.validator
			.validate(Messages.json("{'to':'919999999999','type':'text','preview_url':true,'text':{'body':'Hi'}}"))
			.cloudPayload();
		assertThat(payload.has("preview_url")).isFalse();
		assertThat(payload.get("text")).isEqualTo(Messages.json("{'body':'Hi','preview_url':true}"));
	}

	@Test
	void stripsTheOnPremisesMediaProviderEverywhere() {
		JsonNode provider = Messages.json("{'name':'my-cdn'}");
		ObjectNode image = Messages.with(Messages.valid("image"), "image.provider", provider);
		ObjectNode header = Messages.with(Messages.valid("button"), "interactive.header.image.provider", provider);
		ObjectNode parameter = Messages.with(Messages.valid("template"),
				"template.components[0].parameters[0].image.provider", provider);
		assertThat(this.validator.validate(image).cloudPayload().get("image").has("provider")).isFalse();
		assertThat(this.validator.validate(header).cloudPayload().at("/interactive/header/image").has("provider"))
			.isFalse();
		assertThat(this.validator.validate(parameter)
			.cloudPayload()
			.at("/template/components/0/parameters/0/image")
			.has("provider")).isFalse();
	}

	@Test
	void leavesTheRequestBodyUntouched() {
		ObjectNode body = Messages.valid("template");
		ObjectNode before = body.deepCopy();
		this.validator.validate(body);
		assertThat(body).isEqualTo(before);
	}

	@Test
	void keepsAGivenRecipientTypeAndMessagingProduct() {
		ObjectNode body = Messages.valid("reaction");
		body.put("messaging_product", "whatsapp");
		body.put("recipient_type", "individual");
		ObjectNode payload = this.validator.validate(body).cloudPayload();
		assertThat(payload.get("messaging_product").stringValue()).isEqualTo("whatsapp");
		assertThat(payload.get("reaction")).isEqualTo(body.get("reaction"));
	}

	@Test
	void exposesTheQuotedMessageOfAContextualReply() {
		ObjectNode body = Messages.with(Messages.valid("text"), "context", Messages.json("{'message_id':'wamid.Q'}"));
		ValidatedMessage message = this.validator.validate(body);
		assertThat(message.contextMessageId()).isEqualTo("wamid.Q");
		assertThat(message.cloudPayload().get("context")).isEqualTo(body.get("context"));
		assertThat(this.validator.validate(Messages.valid("text")).contextMessageId()).isNull();
	}

}
