package dev.wabagate.profile;

import java.util.Collection;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.wabagate.shared.Violations;

/** Field checks shared by the profile and compliance validators. */
final class Fields {

	static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

	static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");

	private Fields() {
	}

	/**
	 * The string value, null when absent, JSON null or blank; a non-string is reported.
	 */
	static @Nullable String text(JsonNode parent, String name, String field, Violations violations) {
		JsonNode value = parent.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			violations.invalid(field, "type", "string", field + " must be a string");
			return null;
		}
		String text = value.stringValue().strip();
		return text.isEmpty() ? null : text;
	}

	static void maxLength(@Nullable String value, int limit, String field, Violations violations) {
		if (value != null && value.codePointCount(0, value.length()) > limit) {
			violations.invalid(field, "max_length", limit, field + " must be at most " + limit + " characters");
		}
	}

	static void email(@Nullable String value, String field, Violations violations) {
		maxLength(value, 128, field, violations);
		if (value != null && !EMAIL.matcher(value).matches()) {
			violations.invalid(field, "email", null, field + " must be an email address (was '" + value + "')");
		}
	}

	static void unknownFields(JsonNode body, Collection<String> known, String path, Violations violations) {
		for (String name : body.propertyNames()) {
			if (!known.contains(name)) {
				violations.invalid(path + name, "unknown_field", known,
						"unknown field '" + path + name + "'; the fields are " + known);
			}
		}
	}

}
