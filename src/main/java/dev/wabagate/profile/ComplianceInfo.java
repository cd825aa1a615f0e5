package dev.wabagate.profile;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.Field;
import dev.wabagate.shared.Violations;
import dev.wabagate.upstream.Providers;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * India compliance info (Meta's {@code business_compliance_info}): validated with Meta's
 * rules, every violation listed, given to the provider and stored normalised. Reads show
 * the provider's record when it keeps one (Meta).
 */
@Service
class ComplianceInfo {

	static final List<String> ENTITY_TYPES = List.of("LIMITED_LIABILITY_PARTNERSHIP", "SOLE_PROPRIETORSHIP",
			"PARTNERSHIP", "PUBLIC_COMPANY", "PRIVATE_COMPANY", "OTHER");

	private static final List<String> FIELDS = List.of("messaging_product", "entity_name", "entity_type",
			"entity_type_custom", "is_registered", "grievance_officer_details", "customer_care_details");

	private static final List<String> GRIEVANCE_FIELDS = List.of("name", "email", "landline_number", "mobile_number");

	private static final List<String> CUSTOMER_CARE_FIELDS = List.of("email", "landline_number", "mobile_number");

	private final JdbcClient jdbc;

	private final Providers providers;

	private final JsonMapper json;

	private final Clock clock;

	ComplianceInfo(JdbcClient jdbc, Providers providers, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.providers = providers;
		this.json = json;
		this.clock = clock;
	}

	/** The provider's record (none when it holds an empty one), else Wabagate's own. */
	Optional<JsonNode> find(Channel channel) {
		Optional<JsonNode> providers = this.providers.of(channel).complianceInfo(channel);
		if (providers.isPresent()) {
			return providers.filter((info) -> !info.isEmpty());
		}
		return this.jdbc.sql("select document from compliance_info where channel_id = ?")
			.param(channel.id())
			.query(String.class)
			.optional()
			.map(this.json::readTree);
	}

	/** Given to the provider first: its refusal stores nothing. */
	@Transactional
	JsonNode update(Channel channel, JsonNode body) {
		ObjectNode document = validate(body);
		this.providers.of(channel).updateComplianceInfo(channel, document);
		Timestamp now = Timestamp.from(this.clock.instant());
		String text = document.toString();
		int updated = this.jdbc.sql("update compliance_info set document = ?, updated_at = ? where channel_id = ?")
			.params(text, now, channel.id())
			.update();
		if (updated == 0) {
			this.jdbc.sql("insert into compliance_info (channel_id, document, updated_at) values (?, ?, ?)")
				.params(channel.id(), text, now)
				.update();
		}
		return document;
	}

	private ObjectNode validate(JsonNode body) {
		if (!body.isObject()) {
			Violations refusal = new Violations();
			refusal.invalid(Field.root(body), "type", "object", "the request body must be a JSON object");
			throw refusal.toException();
		}
		Violations violations = new Violations();
		Fields.unknownFields(body, FIELDS, "", violations);
		ObjectNode document = this.json.createObjectNode();
		document.put("messaging_product", "whatsapp");
		String name = Fields.text(body, "entity_name", "entity_name", violations);
		if (name == null || name.codePointCount(0, name.length()) < 2) {
			violations.invalid("entity_name", "length", "2-128", "entity_name is required: 2 to 128 characters");
		}
		Fields.maxLength(name, 128, "entity_name", violations);
		document.put("entity_name", name);
		String type = entityType(Fields.text(body, "entity_type", "entity_type", violations), violations);
		document.put("entity_type", type);
		String custom = Fields.text(body, "entity_type_custom", "entity_type_custom", violations);
		if ("OTHER".equals(type) && custom == null) {
			violations.missing("entity_type_custom", "when entity_type is OTHER");
		}
		if (!"OTHER".equals(type) && custom != null) {
			violations.invalid("entity_type_custom", "only_with", "OTHER",
					"entity_type_custom is only allowed when entity_type is OTHER");
		}
		Fields.maxLength(custom, 1024, "entity_type_custom", violations);
		if (custom != null) {
			document.put("entity_type_custom", custom);
		}
		registered(body, type, document, violations);
		document.set("grievance_officer_details",
				contact(body, "grievance_officer_details", GRIEVANCE_FIELDS, true, violations));
		document.set("customer_care_details",
				contact(body, "customer_care_details", CUSTOMER_CARE_FIELDS, false, violations));
		violations.throwIfAny();
		return document;
	}

	/** Accepts Meta's values and their display labels ("Private Company"). */
	private static @Nullable String entityType(@Nullable String given, Violations violations) {
		if (given == null) {
			violations.missing("entity_type");
			return null;
		}
		String normalised = given.strip().toUpperCase(Locale.ROOT).replaceAll("[\\s-]+", "_");
		if (!ENTITY_TYPES.contains(normalised)) {
			violations.invalid("entity_type", "one_of", ENTITY_TYPES,
					"entity_type must be one of " + ENTITY_TYPES + " (was '" + given + "')");
		}
		return normalised;
	}

	private static void registered(JsonNode body, @Nullable String type, ObjectNode document, Violations violations) {
		boolean allowed = "OTHER".equals(type) || "PARTNERSHIP".equals(type);
		JsonNode registered = body.get("is_registered");
		if (registered == null || registered.isNull()) {
			if (allowed) {
				violations.missing("is_registered", "when entity_type is OTHER or PARTNERSHIP");
			}
			return;
		}
		if (!allowed) {
			violations.invalid("is_registered", "only_with", List.of("OTHER", "PARTNERSHIP"),
					"is_registered is only allowed when entity_type is OTHER or PARTNERSHIP");
		}
		else if (!registered.isBoolean()) {
			violations.invalid("is_registered", "type", "boolean", "is_registered must be true or false");
		}
		else {
			document.put("is_registered", registered.booleanValue());
		}
	}

	private ObjectNode contact(JsonNode body, String name, List<String> fields, boolean nameRequired,
			Violations violations) {
		ObjectNode contact = this.json.createObjectNode();
		JsonNode given = body.get(name);
		if (given == null || !given.isObject()) {
			violations.missing(name);
			return contact;
		}
		Fields.unknownFields(given, fields, name + ".", violations);
		if (nameRequired) {
			String person = Fields.text(given, "name", name + ".name", violations);
			if (person == null) {
				violations.missing(name + ".name");
			}
			Fields.maxLength(person, 128, name + ".name", violations);
			contact.put("name", person);
		}
		String email = Fields.text(given, "email", name + ".email", violations);
		if (email == null) {
			violations.missing(name + ".email");
		}
		Fields.email(email, name + ".email", violations);
		contact.put("email", email);
		for (String number : List.of("landline_number", "mobile_number")) {
			String field = name + "." + number;
			String value = Fields.text(given, number, field, violations);
			if (value != null && (value.length() > 20 || !Fields.E164.matcher(value).matches())) {
				violations.invalid(field, "pattern", "^\\+[1-9]\\d{1,14}$",
						field + " must be an international number like +919876543210 (was '" + value + "')");
			}
			if (value != null) {
				contact.put(number, value);
			}
		}
		return contact;
	}

}
