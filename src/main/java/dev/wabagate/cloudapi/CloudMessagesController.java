package dev.wabagate.cloudapi;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.accounts.AuthenticatedByApiKey;
import dev.wabagate.accounts.Channel;
import dev.wabagate.messaging.MessageService;
import dev.wabagate.messaging.ReadReceipts;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.JsonBody;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@AuthenticatedByApiKey
@Tag(name = "Cloud API: messages")
class CloudMessagesController {

	private final MessageService messages;

	private final GraphObjects objects;

	private final ReadReceipts readReceipts;

	CloudMessagesController(MessageService messages, GraphObjects objects, ReadReceipts readReceipts) {
		this.messages = messages;
		this.readReceipts = readReceipts;
		this.objects = objects;
	}

	@Operation(summary = "Send a message, or mark one read",
			description = "The Cloud API body ({messaging_product, recipient_type, to, type, <type>: {...}, context}) "
					+ "of every type, validated and stored as POST /v1/messages does; answers "
					+ "{messaging_product, contacts:[{input, wa_id}], messages:[{id}]}. "
					+ "{\"status\":\"read\",\"message_id\":...} marks a customer's message read instead and answers "
					+ "{\"success\":true}.")
	@PostMapping(path = { GraphPaths.VERSION + "/{phoneNumberId}/messages", "/{phoneNumberId}/messages" },
			produces = MediaType.APPLICATION_JSON_VALUE)
	JsonNode send(Channel channel, @PathVariable String phoneNumberId, JsonBody body,
			@Parameter(
					description = "Replays the first answer for 24 h when repeated with the same body") @RequestHeader(
							name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
		this.objects.requirePhoneNumber(channel, phoneNumberId, "post");
		if (body.isEmpty()) {
			throw ApiException.missingBody("a JSON message object");
		}
		if ("read".equals(body.json().path("status").asString(""))) {
			return markRead(channel, body.json());
		}
		JsonNode v1 = this.messages.send(channel, body.json(), idempotencyKey).body();
		ObjectNode answer = JsonNodeFactory.instance.objectNode();
		answer.put("messaging_product", "whatsapp");
		answer.set("contacts", v1.path("contacts"));
		answer.set("messages", v1.path("messages"));
		return answer;
	}

	private JsonNode markRead(Channel channel, JsonNode body) {
		String messageId = body.path("message_id").asString("");
		if (messageId.isBlank()) {
			throw ApiException.missing("message_id", "the customer message's id from the webhook");
		}
		JsonNode typing = body.get("typing_indicator");
		if (typing != null && !typing.isNull() && !"text".equals(typing.path("type").asString(""))) {
			throw ApiException.invalid("typing_indicator.type", "one_of", List.of("text"),
					"typing_indicator.type must be 'text'");
		}
		this.readReceipts.markRead(channel, messageId, typing != null && !typing.isNull());
		return JsonNodeFactory.instance.objectNode().put("success", true);
	}

}
