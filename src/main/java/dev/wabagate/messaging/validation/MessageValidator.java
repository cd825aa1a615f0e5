package dev.wabagate.messaging.validation;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.Field;
import dev.wabagate.shared.PhoneNumbers;
import dev.wabagate.shared.Violations;
import dev.wabagate.upstream.MessageType;

/**
 * Validates seed/On-Premises-style send requests against the Cloud API rules, so a
 * message Meta would refuse is refused at once with every problem named, instead of
 * failing asynchronously after it was queued. Stateless and thread-safe.
 */
public final class MessageValidator {

	static final List<String> MESSAGE_TYPES = MessageType.wireNames();

	private static final List<String> RECIPIENT_TYPES = List.of("individual", "group");

	private static final int TEXT_BODY_MAX = 4096;

	private static final int CALLBACK_DATA_MAX = 512;

	/**
	 * Meta's current contacts guide allows 257 contacts per message; the v23 spec's
	 * maxItems 5 is older and refusing 6..257 would break clients that follow the guide.
	 */
	private static final int MAX_CONTACTS = 257;

	private static final Set<String> ENVELOPE_FIELDS = Set.of("messaging_product", "recipient_type", "to", "type",
			"context", "biz_opaque_callback_data", "preview_url");

	private static final Set<String> TOP_LEVEL_FIELDS = union(ENVELOPE_FIELDS, Set.copyOf(MESSAGE_TYPES));

	private static final Set<String> CONTACT_FIELDS = Set.of("addresses", "birthday", "emails", "name", "org", "phones",
			"urls");

	private static final Set<String> CONTACT_NAME_FIELDS = Set.of("formatted_name", "first_name", "last_name",
			"middle_name", "suffix", "prefix");

	private static final Set<String> CONTACT_ADDRESS_FIELDS = Set.of("street", "city", "state", "zip", "country",
			"country_code", "type");

	private static final Set<String> CONTEXT_FIELDS = Set.of("message_id");

	private static final Set<String> TEXT_FIELDS = Set.of("body", "preview_url");

	/** What the Cloud payload puts first, or inside {@code text}, rather than as sent. */
	private static final Set<String> PLACED_FIELDS = Set.of("messaging_product", "recipient_type", "to", "preview_url");

	private static final Pattern BIRTHDAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

	public MessageValidator() {
	}

	/**
	 * Validates a seed/On-Premises-style send request and converts it to the Cloud API
	 * send payload.
	 * @throws ApiException 400 listing every violation found
	 */
	public ValidatedMessage validate(JsonNode body) {
		// Rules run on a private copy that becomes the Cloud payload: rules accepting
		// On-Premises-only fields drop them from it.
		JsonNode copy = body.deepCopy();
		Field root = Field.root(copy);
		Violations violations = new Violations();
		violations.requireObject(root, TOP_LEVEL_FIELDS);
		if (!(copy instanceof ObjectNode message)) {
			// Reported as the wrong type; there is nothing more to check.
			throw violations.toException();
		}

		violations.optionalOneOf(root.get("messaging_product"), List.of("whatsapp"));
		String recipientType = violations.optionalOneOf(root.get("recipient_type"), RECIPIENT_TYPES);
		boolean group = "group".equals(recipientType);
		String to = violations.requireString(root.get("to"), Violations.UNLIMITED);
		String waId = (to != null) ? recipient(root.get("to"), to, group, violations) : null;
		violations.optionalString(root.get("biz_opaque_callback_data"), CALLBACK_DATA_MAX);
		String typeName = violations.requireOneOf(root.get("type"), MESSAGE_TYPES);
		MessageType type = (typeName != null) ? MessageType.fromWire(typeName).orElseThrow() : null;
		String contextMessageId = context(root, type, violations);
		checkTopLevelPreviewUrl(root, type, violations);
		TemplateRef template = null;
		if (type != null) {
			violations.onlyContentOfType(root, type.wireName(), MESSAGE_TYPES);
			template = checkContent(root.get(type.wireName()), type, violations);
		}
		violations.throwIfAny();

		// No violations, so to, its wa_id and type are all set.
		String input = Objects.requireNonNull(to);
		String recipientWaId = Objects.requireNonNull(waId);
		String cloudTo = group ? input : "+" + recipientWaId;
		return new ValidatedMessage(input, recipientWaId, Objects.requireNonNull(type),
				cloudPayload(message, recipientType, cloudTo), contextMessageId, template);
	}

	private static @Nullable String recipient(Field field, String to, boolean group, Violations violations) {
		if (group) {
			return to; // a group id, not a phone number
		}
		String waId = PhoneNumbers.toWaId(to).orElse(null);
		if (waId == null) {
			violations.invalid(field, "phone_number", "E.164", "to must be a possible phone number in E.164 form with "
					+ "country code, e.g. 919999999999 or +91 99999 99999 (was \"" + to + "\")");
		}
		return waId;
	}

	private static @Nullable String context(Field root, @Nullable MessageType type, Violations violations) {
		Field context = root.get("context");
		if (context.isPresent() && type == MessageType.REACTION) {
			violations.notAllowed(context, "on reaction messages");
			return null;
		}
		if (violations.optionalObject(context, CONTEXT_FIELDS) == null) {
			return null;
		}
		return violations.requireString(context.get("message_id"), Violations.UNLIMITED);
	}

	/** On-Premises put preview_url next to the text; Cloud wants it inside. */
	private static void checkTopLevelPreviewUrl(Field root, @Nullable MessageType type, Violations violations) {
		Field previewUrl = root.get("preview_url");
		if (!previewUrl.isPresent()) {
			return;
		}
		if (type != null && type != MessageType.TEXT) {
			violations.notAllowed(previewUrl, "unless type is \"text\"");
		}
		else if (root.get("text").get("preview_url").isPresent()) {
			violations.notAllowed(previewUrl, "together with text.preview_url");
		}
		else {
			violations.optionalBoolean(previewUrl);
		}
	}

	/** Checks the type's content; returns the template a template message names. */
	private static @Nullable TemplateRef checkContent(Field content, MessageType type, Violations violations) {
		ContentRules contentRules = new ContentRules(violations);
		switch (type) {
			case TEXT -> {
				if (violations.requireObject(content, TEXT_FIELDS) != null) {
					violations.requireString(content.get("body"), TEXT_BODY_MAX);
					violations.optionalBoolean(content.get("preview_url"));
				}
			}
			case IMAGE, VIDEO, DOCUMENT -> contentRules.media(content, type.wireName(), true);
			case AUDIO, STICKER -> contentRules.media(content, type.wireName(), false);
			case LOCATION -> contentRules.location(content);
			case CONTACTS -> contacts(content, violations);
			case INTERACTIVE -> new InteractiveRules(violations, contentRules).check(content);
			case TEMPLATE -> {
				return new TemplateRules(violations, contentRules).check(content);
			}
			case REACTION -> reaction(content, violations);
		}
		return null;
	}

	private static void contacts(Field contacts, Violations violations) {
		ArrayNode array = violations.requireArray(contacts, 1, MAX_CONTACTS);
		if (array == null) {
			return;
		}
		for (int i = 0; i < array.size(); i++) {
			Field contact = contacts.item(i);
			if (violations.requireObject(contact, CONTACT_FIELDS) == null) {
				continue;
			}
			Field name = contact.get("name");
			if (violations.requireObject(name, CONTACT_NAME_FIELDS) != null) {
				violations.requireString(name.get("formatted_name"), Violations.UNLIMITED);
				optionalStrings(name, CONTACT_NAME_FIELDS, violations);
			}
			birthday(contact.get("birthday"), violations);
			Field org = contact.get("org");
			Set<String> orgFields = Set.of("company", "department", "title");
			if (violations.optionalObject(org, orgFields) != null) {
				optionalStrings(org, orgFields, violations);
			}
			objectsOfStrings(contact.get("phones"), Set.of("phone", "type", "wa_id"), violations);
			objectsOfStrings(contact.get("emails"), Set.of("email", "type"), violations);
			objectsOfStrings(contact.get("urls"), Set.of("url", "type"), violations);
			objectsOfStrings(contact.get("addresses"), CONTACT_ADDRESS_FIELDS, violations);
		}
	}

	private static void birthday(Field birthday, Violations violations) {
		String value = violations.optionalString(birthday, Violations.UNLIMITED);
		if (value != null && !isDate(value)) {
			violations.invalid(birthday, "format", "YYYY-MM-DD",
					birthday.path() + " must be a date formatted YYYY-MM-DD (was \"" + value + "\")");
		}
	}

	private static boolean isDate(String value) {
		if (!BIRTHDAY.matcher(value).matches()) {
			return false;
		}
		try {
			LocalDate.parse(value);
			return true;
		}
		catch (DateTimeParseException ex) {
			return false;
		}
	}

	/** An optional array of objects whose fields are all optional strings. */
	private static void objectsOfStrings(Field field, Set<String> fields, Violations violations) {
		ArrayNode array = violations.optionalArray(field, 0, Violations.UNLIMITED);
		if (array == null) {
			return;
		}
		for (int i = 0; i < array.size(); i++) {
			Field item = field.item(i);
			if (violations.requireObject(item, fields) != null) {
				optionalStrings(item, fields, violations);
			}
		}
	}

	private static void optionalStrings(Field object, Set<String> fields, Violations violations) {
		for (String name : fields) {
			violations.optionalString(object.get(name), Violations.UNLIMITED);
		}
	}

	private static void reaction(Field reaction, Violations violations) {
		if (violations.requireObject(reaction, Set.of("message_id", "emoji")) == null) {
			return;
		}
		violations.requireString(reaction.get("message_id"), Violations.UNLIMITED);
		Field emoji = reaction.get("emoji");
		if (emoji.isPresent()) {
			violations.optionalString(emoji, Violations.UNLIMITED); // "" removes the
																	// reaction
		}
		else {
			violations.missing(emoji);
		}
	}

	/**
	 * The Cloud API shape: messaging_product, recipient_type and a +E.164 {@code to}
	 * first, then the rest as sent (On-Premises-only fields were dropped by the rules).
	 */
	private static ObjectNode cloudPayload(ObjectNode message, @Nullable String recipientType, String cloudTo) {
		ObjectNode payload = JsonNodeFactory.instance.objectNode();
		payload.put("messaging_product", "whatsapp");
		payload.put("recipient_type", Objects.requireNonNullElse(recipientType, "individual"));
		payload.put("to", cloudTo);
		for (Map.Entry<String, JsonNode> property : message.properties()) {
			if (!PLACED_FIELDS.contains(property.getKey())) {
				payload.set(property.getKey(), property.getValue());
			}
		}
		JsonNode previewUrl = message.get("preview_url");
		if (previewUrl != null) {
			((ObjectNode) payload.get("text")).set("preview_url", previewUrl);
		}
		return payload;
	}

	private static Set<String> union(Set<String> first, Set<String> second) {
		Set<String> all = new HashSet<>(first);
		all.addAll(second);
		return Set.copyOf(all);
	}

}
