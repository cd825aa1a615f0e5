package dev.wabagate.templates;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.shared.Field;
import dev.wabagate.shared.Violations;

/**
 * Meta's template rules (components, limits, variables), checked before anything is
 * stored, every violation reported at once. Leniencies the seed needs are applied and
 * reported back as warnings.
 */
final class TemplateValidator {

	static final List<String> CATEGORIES = List.of("MARKETING", "UTILITY", "AUTHENTICATION");

	/** Pre-2023 categories, all replaced by UTILITY or AUTHENTICATION. */
	private static final Map<String, String> LEGACY_CATEGORIES = Map.ofEntries(Map.entry("TRANSACTIONAL", "UTILITY"),
			Map.entry("OTP", "AUTHENTICATION"), Map.entry("ACCOUNT_UPDATE", "UTILITY"),
			Map.entry("PAYMENT_UPDATE", "UTILITY"), Map.entry("PERSONAL_FINANCE_UPDATE", "UTILITY"),
			Map.entry("SHIPPING_UPDATE", "UTILITY"), Map.entry("RESERVATION_UPDATE", "UTILITY"),
			Map.entry("ISSUE_RESOLUTION", "UTILITY"), Map.entry("APPOINTMENT_UPDATE", "UTILITY"),
			Map.entry("TRANSPORTATION_UPDATE", "UTILITY"), Map.entry("TICKET_UPDATE", "UTILITY"),
			Map.entry("ALERT_UPDATE", "UTILITY"), Map.entry("AUTO_REPLY", "UTILITY"));

	private static final List<String> COMPONENT_TYPES = List.of("HEADER", "BODY", "FOOTER", "BUTTONS");

	private static final List<String> HEADER_FORMATS = List.of("TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION");

	private static final List<String> BUTTON_TYPES = List.of("QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE");

	private static final Map<String, Integer> BUTTON_TYPE_LIMITS = Map.of("QUICK_REPLY", 10, "URL", 2, "PHONE_NUMBER",
			1, "COPY_CODE", 1);

	private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");

	private static final Pattern VARIABLE = Pattern.compile("\\{\\{([^{}]*)\\}\\}");

	private static final Pattern ADJACENT_VARIABLES = Pattern.compile("\\}\\}\\s*\\{\\{");

	private final Set<String> languages;

	TemplateValidator(List<String> languages) {
		this.languages = Set.copyOf(languages);
	}

	NewTemplate validate(JsonNode body) {
		if (!body.isObject()) {
			Violations refusal = new Violations();
			refusal.invalid(Field.root(body), "type", "object", "the request body must be a JSON object");
			throw refusal.toException();
		}
		Violations violations = new Violations();
		List<String> warnings = new ArrayList<>();
		String name = requiredText(body, "name", violations);
		if (name != null) {
			if (name.length() > 512) {
				violations.invalid("name", "max_length", 512, "name must be at most 512 characters");
			}
			if (!NAME.matcher(name).matches()) {
				violations.invalid("name", "pattern", "[a-z0-9_]+",
						"name may contain only lower-case letters, digits and underscores (was '" + name + "')");
			}
		}
		String language = requiredText(body, "language", violations);
		if (language != null && !this.languages.contains(language)) {
			violations.invalid("language", "one_of", "wabagate.templates.languages", "language '" + language
					+ "' is not a supported template language code (codes are case-sensitive and use '_', e.g. en_US)");
		}
		String requestedCategory = requiredText(body, "category", violations);
		String category = (requestedCategory != null) ? category(requestedCategory, violations, warnings) : null;
		Components components = components(body.get("components"), violations, warnings);
		violations.throwIfAny();
		return new NewTemplate(name, language, category, requestedCategory, components.normalised(),
				components.bodyParams(), components.headerParams(), List.copyOf(warnings));
	}

	private static String category(String requested, Violations violations, List<String> warnings) {
		String upper = requested.strip().toUpperCase(Locale.ROOT);
		if (CATEGORIES.contains(upper)) {
			return upper;
		}
		String mapped = LEGACY_CATEGORIES.get(upper);
		if (mapped == null) {
			violations.invalid("category", "one_of", CATEGORIES,
					"category must be one of " + CATEGORIES + " (was '" + requested + "')");
			return upper;
		}
		warnings.add("category " + upper + " is a pre-2023 category; it was mapped to " + mapped);
		return mapped;
	}

	private record Components(ArrayNode normalised, int bodyParams, int headerParams) {
	}

	private static Components components(@Nullable JsonNode node, Violations violations, List<String> warnings) {
		ArrayNode normalised = JsonNodeFactory.instance.arrayNode();
		if (node == null || !node.isArray() || node.isEmpty()) {
			violations.missing("components", "an array with one BODY component");
			return new Components(normalised, 0, 0);
		}
		int bodyParams = 0;
		int headerParams = 0;
		Map<String, Integer> seen = new HashMap<>();
		for (int i = 0; i < node.size(); i++) {
			String path = "components[" + i + "]";
			JsonNode component = node.get(i);
			if (!component.isObject()) {
				violations.invalid(path, "type", "object", path + " must be an object");
				continue;
			}
			ObjectNode copy = ((ObjectNode) component).deepCopy();
			normalised.add(copy);
			String type = upper(text(component, "type"));
			if (type == null || !COMPONENT_TYPES.contains(type)) {
				violations.invalid(path + ".type", "one_of", COMPONENT_TYPES,
						path + ".type must be one of " + COMPONENT_TYPES + " (was " + component.get("type") + ")");
				continue;
			}
			copy.put("type", type);
			if (seen.merge(type, 1, Integer::sum) > 1) {
				violations.invalid(path + ".type", "max_count", 1, "a template has at most one " + type + " component");
				continue;
			}
			switch (type) {
				case "BODY" -> bodyParams = body(component, path, violations);
				case "HEADER" -> headerParams = header(copy, path, violations);
				case "FOOTER" -> footer(copy, path, violations, warnings);
				default -> buttons(component, path, violations);
			}
		}
		if (!seen.containsKey("BODY")) {
			violations.missing("components", "every template has exactly one BODY component");
		}
		return new Components(normalised, bodyParams, headerParams);
	}

	/**
	 * How many parameters a send must give a template the provider made (imported, so not
	 * validated here): one per distinct body variable, one per text-header variable, one
	 * for a media or location header.
	 * @return {@code [body, header]}
	 */
	static int[] parameterCounts(JsonNode components) {
		int body = 0;
		int header = 0;
		for (JsonNode component : components) {
			String type = upper(text(component, "type"));
			if ("BODY".equals(type)) {
				body = distinctVariables(component.path("text").asString(""));
			}
			else if ("HEADER".equals(type)) {
				String format = upper(text(component, "format"));
				header = (format == null || "TEXT".equals(format))
						? distinctVariables(component.path("text").asString("")) : 1;
			}
		}
		return new int[] { body, header };
	}

	private static int distinctVariables(String text) {
		return (int) VARIABLE.matcher(text).results().map((match) -> match.group(1).strip()).distinct().count();
	}

	private static int body(JsonNode component, String path, Violations violations) {
		String text = requiredText(component, "text", path + ".text", violations);
		if (text == null) {
			return 0;
		}
		maxLength(text, 1024, path + ".text", violations);
		int variables = variables(text, path + ".text", true, violations);
		if (variables > 0) {
			JsonNode examples = component.path("example").path("body_text");
			if (!examples.isArray() || examples.size() != 1 || !examples.get(0).isArray()
					|| examples.get(0).size() != variables || !allText(examples.get(0))) {
				violations.invalid(path + ".example.body_text", "example", variables,
						path + ".example.body_text must be an array holding one array of " + variables
								+ " example value(s), one per variable");
			}
		}
		return variables;
	}

	private static int header(ObjectNode component, String path, Violations violations) {
		String format = upper(text(component, "format"));
		if (format == null || !HEADER_FORMATS.contains(format)) {
			violations.invalid(path + ".format", "one_of", HEADER_FORMATS,
					path + ".format must be one of " + HEADER_FORMATS + " (was " + component.get("format") + ")");
			return 0;
		}
		component.put("format", format);
		if ("LOCATION".equals(format)) {
			return 1;
		}
		if (!"TEXT".equals(format)) {
			JsonNode handles = component.path("example").path("header_handle");
			if (!handles.isArray() || handles.isEmpty() || !allText(handles)
					|| handles.get(0).stringValue().isBlank()) {
				violations.invalid(path + ".example.header_handle", "example", 1, path
						+ ".example.header_handle must hold a sample: an upload handle, a media id from POST /v1/media, or (not on meta channels) an http(s) URL of the file");
			}
			return 1;
		}
		String text = requiredText(component, "text", path + ".text", violations);
		if (text == null) {
			return 0;
		}
		maxLength(text, 60, path + ".text", violations);
		int variables = variables(text, path + ".text", false, violations);
		if (variables > 1) {
			violations.invalid(path + ".text", "max_variables", 1, "a TEXT header has at most one variable");
		}
		if (variables > 0) {
			JsonNode examples = component.path("example").path("header_text");
			if (!examples.isArray() || examples.size() != variables || !allText(examples)) {
				violations.invalid(path + ".example.header_text", "example", variables,
						path + ".example.header_text must be an array of " + variables + " example value(s)");
			}
		}
		return variables;
	}

	private static void footer(ObjectNode component, String path, Violations violations, List<String> warnings) {
		String text = text(component, "text");
		String format = text(component, "format");
		if (text == null && format != null) {
			// The seed writes the footer text into "format"; a footer has no format.
			text = format;
			component.remove("format");
			component.put("text", text);
			warnings.add(path + ": FOOTER has no 'format'; its value was taken as the footer text");
		}
		if (text == null) {
			violations.missing(path + ".text");
			return;
		}
		maxLength(text, 60, path + ".text", violations);
		if (VARIABLE.matcher(text).find()) {
			violations.invalid(path + ".text", "no_variables", 0, "a FOOTER cannot contain variables");
		}
	}

	private static void buttons(JsonNode component, String path, Violations violations) {
		JsonNode buttons = component.get("buttons");
		if (buttons == null || !buttons.isArray() || buttons.isEmpty()) {
			violations.missing(path + ".buttons", "an array of 1 to 10 buttons");
			return;
		}
		if (buttons.size() > 10) {
			violations.invalid(path + ".buttons", "max_items", 10, "a template has at most 10 buttons");
		}
		Map<String, Integer> counts = new HashMap<>();
		boolean quickRepliesEnded = false;
		boolean quickRepliesStarted = false;
		for (int i = 0; i < buttons.size(); i++) {
			String at = path + ".buttons[" + i + "]";
			JsonNode button = buttons.get(i);
			String type = upper(text(button, "type"));
			if (type == null || !BUTTON_TYPES.contains(type)) {
				violations.invalid(at + ".type", "one_of", BUTTON_TYPES,
						at + ".type must be one of " + BUTTON_TYPES + " (was " + button.get("type") + ")");
				continue;
			}
			int limit = BUTTON_TYPE_LIMITS.get(type);
			if (counts.merge(type, 1, Integer::sum) == limit + 1) {
				violations.invalid(at, "max_count", limit,
						"a template has at most " + limit + " " + type + " button(s)");
			}
			if ("QUICK_REPLY".equals(type)) {
				if (quickRepliesEnded) {
					violations.invalid(at, "quick_replies_contiguous", null,
							"QUICK_REPLY buttons must be next to each other (e.g. QUICK_REPLY, QUICK_REPLY, URL)");
				}
				quickRepliesStarted = true;
			}
			else if (quickRepliesStarted) {
				quickRepliesEnded = true;
			}
			if (!"COPY_CODE".equals(type)) {
				String label = requiredText(button, "text", at + ".text", violations);
				if (label != null) {
					maxLength(label, 25, at + ".text", violations);
				}
			}
			switch (type) {
				case "URL" -> urlButton(button, at, violations);
				case "PHONE_NUMBER" -> {
					String phone = requiredText(button, "phone_number", at + ".phone_number", violations);
					if (phone != null) {
						maxLength(phone, 20, at + ".phone_number", violations);
					}
				}
				case "COPY_CODE" -> {
					String example = requiredText(button, "example", at + ".example", violations);
					if (example != null) {
						maxLength(example, 15, at + ".example", violations);
					}
				}
				default -> {
				}
			}
		}
	}

	private static void urlButton(JsonNode button, String at, Violations violations) {
		String url = requiredText(button, "url", at + ".url", violations);
		if (url == null) {
			return;
		}
		maxLength(url, 2000, at + ".url", violations);
		if (!url.startsWith("https://") && !url.startsWith("http://")) {
			violations.invalid(at + ".url", "url", null, at + ".url must start with http:// or https://");
		}
		Matcher variables = VARIABLE.matcher(url);
		int count = 0;
		while (variables.find()) {
			count++;
		}
		if (count > 1 || (count == 1 && !url.endsWith("{{1}}"))) {
			violations.invalid(at + ".url", "url_variable", 1,
					at + ".url may have one variable, {{1}}, and only at its end");
		}
		if (count == 1) {
			JsonNode example = button.get("example");
			if (example == null || !example.isArray() || example.size() != 1 || !allText(example)) {
				violations.invalid(at + ".example", "example", 1,
						at + ".example must be an array with one example URL or suffix for the variable");
			}
		}
	}

	/**
	 * Checks positional variables ({{1}}..{{n}} in order, no gaps, none adjacent) and
	 * returns how many there are. A variable may not start a body; one at the very end is
	 * accepted because every template of the seed ends that way (see
	 * docs/api-endpoints.md).
	 */
	static int variables(String text, String field, boolean isBody, Violations violations) {
		Matcher matcher = VARIABLE.matcher(text);
		int expected = 1;
		int count = 0;
		StringBuilder remainder = new StringBuilder();
		while (matcher.find()) {
			String inner = matcher.group(1).strip();
			if (!inner.equals(String.valueOf(expected))) {
				violations.invalid(field, "variable_sequence", "{{" + expected + "}}",
						field + ": variables must be {{1}}, {{2}}, ... in order without gaps; expected {{" + expected
								+ "}} but found {{" + matcher.group(1) + "}}");
				return count;
			}
			expected++;
			count++;
			matcher.appendReplacement(remainder, "");
		}
		matcher.appendTail(remainder);
		if (remainder.indexOf("{{") >= 0 || remainder.indexOf("}}") >= 0) {
			violations.invalid(field, "variable_braces", null, field + ": unmatched '{{' or '}}'");
		}
		if (ADJACENT_VARIABLES.matcher(text).find()) {
			violations.invalid(field, "variables_adjacent", null,
					field + ": two variables must be separated by text (e.g. '{{1}} and {{2}}')");
		}
		if (isBody && text.strip().startsWith("{{")) {
			violations.invalid(field, "variable_at_start", null, field + ": the text cannot start with a variable");
		}
		return count;
	}

	private static void maxLength(String value, int limit, String field, Violations violations) {
		if (value.codePointCount(0, value.length()) > limit) {
			violations.invalid(field, "max_length", limit, field + " must be at most " + limit + " characters");
		}
	}

	private static @Nullable String requiredText(JsonNode node, String name, Violations violations) {
		return requiredText(node, name, name, violations);
	}

	private static @Nullable String requiredText(JsonNode node, String name, String field, Violations violations) {
		String value = text(node, name);
		if (value == null || value.isBlank()) {
			violations.missing(field);
			return null;
		}
		return value;
	}

	private static @Nullable String text(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	private static @Nullable String upper(@Nullable String value) {
		return (value != null) ? value.strip().toUpperCase(Locale.ROOT) : null;
	}

	private static boolean allText(JsonNode array) {
		return array.valueStream().allMatch(JsonNode::isString);
	}

}
