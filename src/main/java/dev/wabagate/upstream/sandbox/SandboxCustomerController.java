package dev.wabagate.upstream.sandbox;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.accounts.ProviderKind;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.Field;
import dev.wabagate.shared.JsonBody;
import dev.wabagate.shared.PhoneNumbers;
import dev.wabagate.shared.Violations;
import dev.wabagate.upstream.CustomerMessageReceived;
import dev.wabagate.upstream.Sandbox;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lets a developer play the customer on a sandbox channel. The body is a customer message
 * as WhatsApp would report it: {@code from}, {@code type} and the type's object.
 */
@RestController
@Tag(name = "Sandbox", description = "Play the customer on a sandbox channel")
class SandboxCustomerController {

	static final List<String> CUSTOMER_MESSAGE_TYPES = List.of("text", "image", "audio", "video", "document", "sticker",
			"location", "contacts", "interactive", "button", "reaction");

	/** The width of {@code chats.profile_name}. */
	private static final int PROFILE_NAME_MAX = 200;

	private final Sandbox sandbox;

	SandboxCustomerController(Sandbox sandbox) {
		this.sandbox = sandbox;
	}

	@Operation(summary = "A customer writes to this sandbox channel",
			description = "Example: {\"from\":\"919999999999\",\"type\":\"text\",\"text\":{\"body\":\"Hi\"}}. "
					+ "Also image/audio/video/document/sticker ({\"id\":...} or {\"link\":...}), location "
					+ "({latitude, longitude, name?, address?}), contacts (an array, each with name.formatted_name), "
					+ "interactive ({\"type\":\"button_reply\",\"button_reply\":{\"id\",\"title\"}} or "
					+ "list_reply {id, title, description?}), button ({payload, text}), reaction; optional "
					+ "profile_name and context.id (the message replied to). The message takes the same inbound "
					+ "path as one from Meta: the chat is updated, the 24-hour window opens, the webhook receives it.")
	@PostMapping("/v1/sandbox/customer-messages")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> customerWrites(Channel channel, JsonBody body) {
		if (channel.provider() != ProviderKind.SANDBOX) {
			throw ApiException.invalid("channel", "provider", "sandbox",
					"Only sandbox channels have simulated customers; this channel uses " + channel.provider());
		}
		JsonNode json = body.json();
		String from = text(json, "from");
		String waId = PhoneNumbers.toWaId(from)
			.orElseThrow(() -> ApiException.invalid("from", "phone_number", null,
					"from must be the customer's phone number (was '" + from + "')"));
		String type = text(json, "type");
		if (!CUSTOMER_MESSAGE_TYPES.contains(type)) {
			throw ApiException.invalid("type", "one_of", CUSTOMER_MESSAGE_TYPES,
					"type must be one of " + CUSTOMER_MESSAGE_TYPES + " (was '" + type + "')");
		}
		JsonNode content = json.get(type);
		if (content == null || content.isNull()) {
			throw ApiException.missing(type,
					"the " + type + " message's " + ("contacts".equals(type) ? "array of contacts" : "object"));
		}
		CustomerMessageShapes.check(type, content);
		JsonNode context = json.path("context").path("id");
		if (!context.isMissingNode() && !context.isString()) {
			throw ApiException.invalid("context.id", "type", "string", "context.id must be a message id");
		}
		Violations violations = new Violations();
		String profileName = violations.optionalString(Field.root(json).get("profile_name"), PROFILE_NAME_MAX);
		violations.throwIfAny();
		CustomerMessageReceived received = this.sandbox.receiveFromCustomer(channel, waId, profileName, type, content,
				context.isString() ? context.asString() : null);
		return Map.of("messages", List.of(Map.of("id", received.upstreamMessageId())), "contacts",
				List.of(Map.of("wa_id", waId)));
	}

	private static String text(JsonNode json, String field) {
		JsonNode value = json.get(field);
		if (value == null || value.isNull()) {
			throw ApiException.missing(field);
		}
		if (!value.isString() && !value.isNumber()) {
			throw ApiException.invalid(field, "type", "string", field + " must be a string");
		}
		return value.asString();
	}

}
