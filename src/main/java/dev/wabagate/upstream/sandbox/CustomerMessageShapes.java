package dev.wabagate.upstream.sandbox;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.shared.ApiException;

/**
 * Checks the shape of a message a developer plays as the customer, so what reaches the
 * business's webhook is what WhatsApp would send. Every refusal names the field path and
 * the rule. Media objects get WhatsApp's default MIME type when none is given.
 */
final class CustomerMessageShapes {

	static final int MAX_TEXT_LENGTH = 4096;

	static final int MAX_BUTTON_TITLE_LENGTH = 20;

	static final int MAX_ROW_TITLE_LENGTH = 24;

	static final int MAX_ROW_DESCRIPTION_LENGTH = 72;

	static final Map<String, String> DEFAULT_MIME_TYPES = Map.of("image", "image/jpeg", "audio", "audio/ogg", "video",
			"video/mp4", "document", "application/pdf", "sticker", "image/webp");

	private CustomerMessageShapes() {
	}

	/** Checks {@code content}, the type's object (an array for {@code contacts}). */
	static void check(String type, JsonNode content) {
		switch (type) {
			case "text" -> requiredText(content, "text.body", "body", MAX_TEXT_LENGTH);
			case "image", "audio", "video", "document", "sticker" -> media(type, object(content, type));
			case "location" -> location(object(content, type));
			case "contacts" -> contacts(content);
			case "interactive" -> interactive(object(content, type));
			case "button" -> {
				requiredText(object(content, type), "button.text", "text", 256);
				requiredText(content, "button.payload", "payload", 256);
			}
			case "reaction" -> {
				requiredText(object(content, type), "reaction.message_id", "message_id", 128);
				JsonNode emoji = content.get("emoji");
				if (emoji == null || !emoji.isString()) {
					throw ApiException.missing("reaction.emoji");
				}
			}
			default -> throw new IllegalArgumentException("Unchecked type " + type);
		}
	}

	private static ObjectNode object(JsonNode content, String type) {
		if (!(content instanceof ObjectNode object)) {
			throw ApiException.invalid(type, "type", "object", type + " must be an object");
		}
		return object;
	}

	private static void media(String type, ObjectNode media) {
		boolean hasId = media.path("id").isString() && !media.path("id").asString().isBlank();
		boolean hasLink = media.path("link").isString() && !media.path("link").asString().isBlank();
		if (!hasId && !hasLink) {
			throw ApiException.missing(type + ".id", "or " + type + ".link");
		}
		if (!media.has("mime_type")) {
			media.put("mime_type", DEFAULT_MIME_TYPES.get(type));
		}
		optionalText(media, type + ".caption", "caption", 1024);
		optionalText(media, type + ".filename", "filename", 240);
	}

	private static void location(ObjectNode location) {
		coordinate(location, "latitude", 90);
		coordinate(location, "longitude", 180);
		optionalText(location, "location.name", "name", 1000);
		optionalText(location, "location.address", "address", 1000);
	}

	private static void coordinate(ObjectNode location, String field, int limit) {
		JsonNode value = location.get(field);
		if (value == null || value.isNull()) {
			throw ApiException.missing("location." + field);
		}
		if (!value.isNumber() || Math.abs(value.asDouble()) > limit) {
			throw ApiException.invalid("location." + field, "range", limit,
					"location." + field + " must be a number between -" + limit + " and " + limit);
		}
	}

	private static void contacts(JsonNode contacts) {
		if (!contacts.isArray() || contacts.isEmpty()) {
			throw ApiException.invalid("contacts", "min_items", 1, "contacts must be a non-empty array of contacts");
		}
		for (int i = 0; i < contacts.size(); i++) {
			JsonNode contact = contacts.get(i);
			String path = "contacts[" + i + "]";
			if (!contact.isObject()) {
				throw ApiException.invalid(path, "type", "object", path + " must be an object");
			}
			requiredText(contact.path("name"), path + ".name.formatted_name", "formatted_name", 1000);
			JsonNode phones = contact.get("phones");
			if (phones != null && !phones.isArray()) {
				throw ApiException.invalid(path + ".phones", "type", "array", path + ".phones must be an array");
			}
		}
	}

	private static void interactive(ObjectNode interactive) {
		JsonNode type = interactive.get("type");
		List<String> types = List.of("button_reply", "list_reply");
		if (type == null || !type.isString()) {
			throw ApiException.missing("interactive.type", "button_reply or list_reply");
		}
		if (!types.contains(type.asString())) {
			throw ApiException.invalid("interactive.type", "one_of", types,
					"interactive.type must be one of " + types + " (was '" + type.asString() + "')");
		}
		String kind = type.asString();
		JsonNode reply = interactive.get(kind);
		if (reply == null || !reply.isObject()) {
			throw ApiException.missing("interactive." + kind, "an object with id and title");
		}
		String path = "interactive." + kind;
		requiredText(reply, path + ".id", "id", 256);
		requiredText(reply, path + ".title", "title",
				kind.equals("button_reply") ? MAX_BUTTON_TITLE_LENGTH : MAX_ROW_TITLE_LENGTH);
		if (kind.equals("list_reply")) {
			optionalText(reply, path + ".description", "description", MAX_ROW_DESCRIPTION_LENGTH);
		}
	}

	private static void requiredText(JsonNode parent, String path, String field, int maxLength) {
		JsonNode value = parent.get(field);
		if (value == null || value.isNull() || (value.isString() && value.asString().isBlank())) {
			throw ApiException.missing(path);
		}
		checkText(value, path, maxLength);
	}

	private static void optionalText(JsonNode parent, String path, String field, int maxLength) {
		JsonNode value = parent.get(field);
		if (value != null && !value.isNull()) {
			checkText(value, path, maxLength);
		}
	}

	private static void checkText(JsonNode value, String path, int maxLength) {
		if (!value.isString()) {
			throw ApiException.invalid(path, "type", "string", path + " must be a string");
		}
		int length = value.asString().codePointCount(0, value.asString().length());
		if (length > maxLength) {
			throw ApiException.invalid(path, "max_length", maxLength,
					path + " must be at most " + maxLength + " characters (was " + length + ")");
		}
	}

}
