package dev.wabagate.webhooks;

import java.nio.charset.StandardCharsets;
import java.util.List;

import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.webhooks.WebhookEndpoint.PayloadFormat;

/**
 * Renders stored events (Cloud API changes: field and value) in an endpoint's format: one
 * event, or several of one {@link WebhookBatches.Kind} whose values' arrays are
 * concatenated into one value (so one {@code statuses} array, or one {@code contacts} and
 * one {@code messages} array, in both formats: ADR 0028). The body is ASCII: every
 * character from U+007F up is escaped ({@code \\uXXXX}, a character beyond U+FFFF as its
 * two surrogates) as Meta does, so receivers that escape the body before checking
 * X-Hub-Signature-256 (whatsapp-api-js) still match.
 */
final class WebhookPayloads {

	private static final byte[] DELETE_ESCAPE = "\\u007f".getBytes(StandardCharsets.US_ASCII);

	private final JsonMapper json;

	WebhookPayloads(JsonMapper json) {
		this.json = json.rebuild().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
	}

	byte[] render(PayloadFormat format, Channel channel, String field, String data) {
		return render(format, channel, field, List.of(read(data)));
	}

	/**
	 * A stored event's value, as {@link #render(PayloadFormat, Channel, String, List)}
	 * takes it.
	 */
	JsonNode read(String data) {
		return this.json.readTree(data);
	}

	/**
	 * One body for the values of one field: a value as it is, or several, whose members
	 * must all be arrays, concatenated member by member. The values are not changed.
	 */
	byte[] render(PayloadFormat format, Channel channel, String field, List<JsonNode> values) {
		JsonNode value = (values.size() == 1) ? values.get(0) : concatenated(values);
		JsonNode body = switch (format) {
			case V1 -> v1(field, value);
			case CLOUD -> cloud(channel, field, value);
		};
		return escapeDelete(this.json.writeValueAsBytes(body));
	}

	private ObjectNode concatenated(List<JsonNode> values) {
		ObjectNode merged = this.json.createObjectNode();
		for (JsonNode value : values) {
			value.properties().forEach((member) -> {
				if (!member.getValue().isArray()) {
					throw new IllegalArgumentException(
							"Only changes whose members are arrays share a body; " + member.getKey() + " is not one");
				}
				JsonNode into = merged.get(member.getKey());
				ArrayNode array = (into instanceof ArrayNode existing) ? existing : merged.putArray(member.getKey());
				array.addAll((ArrayNode) member.getValue());
			});
		}
		return merged;
	}

	/**
	 * Jackson's ASCII escaping leaves DEL (0x7F) as it is. It can only stand inside a
	 * string, where its escape means the same.
	 */
	private static byte[] escapeDelete(byte[] ascii) {
		int deletes = 0;
		for (byte b : ascii) {
			if (b == 0x7f) {
				deletes++;
			}
		}
		if (deletes == 0) {
			return ascii;
		}
		byte[] escaped = new byte[ascii.length + deletes * 5];
		int at = 0;
		for (byte b : ascii) {
			if (b == 0x7f) {
				for (byte e : DELETE_ESCAPE) {
					escaped[at++] = e;
				}
			}
			else {
				escaped[at++] = b;
			}
		}
		return escaped;
	}

	/**
	 * The On-Premises shape: a {@code messages} change is flattened ({@code contacts},
	 * {@code messages}, {@code statuses}, {@code errors} at the top) with On-Premises
	 * error objects {@code {code, title, details}}; other fields arrive as
	 * {@code {"<field>": value}}.
	 */
	private JsonNode v1(String field, JsonNode value) {
		if (!"messages".equals(field)) {
			ObjectNode wrapped = this.json.createObjectNode();
			wrapped.set(field, value);
			return wrapped;
		}
		ObjectNode flat = (ObjectNode) value.deepCopy();
		flat.remove("messaging_product");
		flat.remove("metadata");
		toOnPremisesErrors(flat);
		return flat;
	}

	private void toOnPremisesErrors(JsonNode node) {
		if (node instanceof ObjectNode object) {
			JsonNode errors = object.get("errors");
			if (errors != null && errors.isArray()) {
				var converted = this.json.createArrayNode();
				for (JsonNode error : errors) {
					ObjectNode onPremises = converted.addObject();
					onPremises.set("code", error.get("code"));
					onPremises.put("title", error.path("title").asString(""));
					String details = error.path("error_data").path("details").asString("");
					onPremises.put("details", details.isEmpty() ? error.path("message").asString("") : details);
				}
				object.set("errors", converted);
			}
			object.properties().forEach((entry) -> {
				if (!"errors".equals(entry.getKey())) {
					toOnPremisesErrors(entry.getValue());
				}
			});
		}
		else if (node.isArray()) {
			node.forEach(this::toOnPremisesErrors);
		}
	}

	/** Meta's Cloud API envelope, so Cloud API webhook parsers work unchanged. */
	private JsonNode cloud(Channel channel, String field, JsonNode value) {
		ObjectNode envelope = this.json.createObjectNode();
		envelope.put("object", "whatsapp_business_account");
		ObjectNode entry = envelope.putArray("entry").addObject();
		entry.put("id", channel.wabaId());
		ObjectNode change = entry.putArray("changes").addObject();
		if ("messages".equals(field)) {
			ObjectNode withMetadata = this.json.createObjectNode();
			withMetadata.put("messaging_product", "whatsapp");
			withMetadata.putObject("metadata")
				.put("display_phone_number", channel.displayPhoneNumber())
				.put("phone_number_id", channel.phoneNumberId());
			withMetadata.setAll((ObjectNode) value);
			change.set("value", withMetadata);
		}
		else {
			change.set("value", value);
		}
		change.put("field", field);
		return envelope;
	}

}
