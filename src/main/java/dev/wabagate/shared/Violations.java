package dev.wabagate.shared;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;

/**
 * Collects every rule violation of one request, so the client can fix them all in one go
 * instead of one per round trip. The check methods keep the rules declarative: each
 * reports its own violation and returns the checked value, or {@code null} when there is
 * nothing usable to check further.
 */
public final class Violations {

	public static final int UNLIMITED = Integer.MAX_VALUE;

	private static final List<String> URL_SCHEMES = List.of("http", "https");

	private static final String ALLOWED_CONTROL_CHARACTERS = "tab, line feed and carriage return only";

	private final List<ApiError> errors = new ArrayList<>();

	/** Fails with one 400 listing every violation found, if there is any. */
	public void throwIfAny() {
		if (!this.errors.isEmpty()) {
			throw toException();
		}
	}

	/** The 400 listing the violations found so far; there must be at least one. */
	public ApiException toException() {
		String summary = this.errors.size()
				+ ((this.errors.size() == 1) ? " validation error: " : " validation errors: ")
				+ this.errors.stream().map(ApiError::details).collect(Collectors.joining("; "));
		return new ApiException(HttpStatus.BAD_REQUEST, "validation", summary, this.errors);
	}

	public void missing(Field field) {
		add(ErrorCodes.REQUIRED_PARAMETER_MISSING, field, "required", null, label(field) + " is required");
	}

	/** A missing field with a hint of what it should hold or when it is required. */
	public void missing(Field field, String hint) {
		add(ErrorCodes.REQUIRED_PARAMETER_MISSING, field, "required", null, label(field) + " is required: " + hint);
	}

	/** For rules that build the path themselves; {@code path} is a path, never prose. */
	public void missing(String path) {
		missing(Field.at(path));
	}

	public void missing(String path, String hint) {
		missing(Field.at(path), hint);
	}

	public void invalid(String path, String rule, @Nullable Object limit, String details) {
		invalid(Field.at(path), rule, limit, details);
	}

	public void invalid(Field field, String rule, @Nullable Object limit, String details) {
		add(ErrorCodes.PARAMETER_VALUE_INVALID, field, rule, limit, details);
	}

	public void notAllowed(Field field, String condition) {
		invalid(field, "not_allowed", null, label(field) + " is not allowed " + condition);
	}

	/**
	 * Requires an object and refuses fields outside its allow-list, because Meta rejects
	 * unknown fields only after the message has been stored and queued.
	 */
	public @Nullable ObjectNode requireObject(Field field, Set<String> knownFields) {
		if (isAbsent(field)) {
			missing(field);
			return null;
		}
		return optionalObject(field, knownFields);
	}

	public @Nullable ObjectNode optionalObject(Field field, Set<String> knownFields) {
		JsonNode node = field.node();
		if (node == null) {
			return null;
		}
		if (!node.isObject()) {
			wrongType(field, "object");
			return null;
		}
		// The sorted list is made only for a refusal: this runs on every object of every
		// request.
		List<String> allowed = null;
		for (String name : node.propertyNames()) {
			if (!knownFields.contains(name)) {
				if (allowed == null) {
					allowed = knownFields.stream().sorted().toList();
				}
				Field unknown = field.get(name);
				invalid(unknown, "unknown_field", allowed,
						label(unknown) + " is not a known field; allowed fields are " + allowed);
			}
		}
		return (ObjectNode) node;
	}

	/**
	 * For objects whose {@code type} says which one of several content keys they carry:
	 * refuses the other content keys.
	 */
	public void onlyContentOfType(Field object, String type, Collection<String> contentKeys) {
		JsonNode node = object.node();
		if (node == null || !node.isObject()) {
			return;
		}
		for (String key : contentKeys) {
			// Looked up before a Field (and its path) is made: most keys are absent.
			if (!key.equals(type) && node.get(key) != null) {
				notAllowed(object.get(key), "when " + object.get("type").path() + " is \"" + type + "\"");
			}
		}
	}

	public @Nullable ArrayNode requireArray(Field field, int minItems, int maxItems) {
		if (isAbsent(field)) {
			missing(field);
			return null;
		}
		return optionalArray(field, minItems, maxItems);
	}

	/** Returns the array even when its size is wrong, so its items are checked too. */
	public @Nullable ArrayNode optionalArray(Field field, int minItems, int maxItems) {
		JsonNode node = field.node();
		if (node == null) {
			return null;
		}
		if (!node.isArray()) {
			wrongType(field, "array");
			return null;
		}
		int size = node.size();
		if (size < minItems) {
			invalid(field, "min_items", minItems,
					label(field) + " must contain at least " + items(minItems) + " (was " + size + ")");
		}
		if (size > maxItems) {
			invalid(field, "max_items", maxItems,
					label(field) + " must contain at most " + items(maxItems) + " (was " + size + ")");
		}
		return (ArrayNode) node;
	}

	/**
	 * A required, non-blank string of at most {@code maxLength} code points; null if
	 * blank.
	 */
	public @Nullable String requireString(Field field, int maxLength) {
		if (isAbsent(field)) {
			missing(field);
			return null;
		}
		String value = optionalString(field, maxLength);
		if (value != null && value.isBlank()) {
			invalid(field, "min_length", 1, label(field) + " must not be blank");
			return null;
		}
		return value;
	}

	/**
	 * Lengths count Unicode code points, as WhatsApp does: the seed's ’ or an emoji is
	 * one character.
	 */
	public @Nullable String optionalString(Field field, int maxLength) {
		JsonNode node = field.node();
		if (node == null) {
			return null;
		}
		if (!node.isString()) {
			wrongType(field, "string");
			return null;
		}
		String value = node.stringValue();
		int length = value.codePointCount(0, value.length());
		if (length > maxLength) {
			invalid(field, "max_length", maxLength,
					label(field) + " must be at most " + maxLength + " characters (was " + length + ")");
		}
		return value;
	}

	public @Nullable String requireOneOf(Field field, List<String> allowed) {
		return checkOneOf(field, requireString(field, UNLIMITED), allowed);
	}

	public @Nullable String optionalOneOf(Field field, List<String> allowed) {
		return checkOneOf(field, optionalString(field, UNLIMITED), allowed);
	}

	/** Returns the value only when it is allowed. */
	public @Nullable String checkOneOf(Field field, @Nullable String value, List<String> allowed) {
		if (value == null || allowed.contains(value)) {
			return value;
		}
		invalid(field, "one_of", allowed, label(field) + " must be one of " + allowed + " (was \"" + value + "\")");
		return null;
	}

	public void optionalBoolean(Field field) {
		if (field.isPresent() && !field.node().isBoolean()) {
			wrongType(field, "boolean");
		}
	}

	public void requireInteger(Field field) {
		if (isAbsent(field)) {
			missing(field);
		}
		else if (!field.node().isIntegralNumber()) {
			wrongType(field, "integer");
		}
	}

	/**
	 * A decimal in {@code [min, max]}, given as a JSON number or a numeric string: Meta's
	 * guide shows strings, clients commonly send numbers.
	 */
	public void requireDecimalInRange(Field field, int min, int max) {
		JsonNode node = field.node();
		if (node == null || node.isNull()) {
			missing(field);
			return;
		}
		BigDecimal value = decimalOf(node);
		if (value == null) {
			wrongType(field, "number or numeric string");
		}
		else if (value.compareTo(BigDecimal.valueOf(min)) < 0 || value.compareTo(BigDecimal.valueOf(max)) > 0) {
			invalid(field, "range", List.of(min, max),
					label(field) + " must be between " + min + " and " + max + " (was " + value.toPlainString() + ")");
		}
	}

	/** Exactly one of two alternative fields of {@code object}, e.g. media id or link. */
	public void exactlyOneOf(Field object, String first, String second) {
		boolean hasFirst = object.get(first).isPresent();
		boolean hasSecond = object.get(second).isPresent();
		List<String> alternatives = List.of(first, second);
		if (!hasFirst && !hasSecond) {
			add(ErrorCodes.REQUIRED_PARAMETER_MISSING, object, "exactly_one_of", alternatives,
					label(object) + " must have exactly one of " + alternatives + " (was neither)");
		}
		else if (hasFirst && hasSecond) {
			invalid(object, "exactly_one_of", alternatives,
					label(object) + " must have exactly one of " + alternatives + " (was both)");
		}
	}

	/**
	 * Records {@code value} in {@code firstUse} (value to path) and refuses it when an
	 * earlier field already used it.
	 */
	public void unique(Field field, @Nullable String value, Map<String, String> firstUse) {
		if (value == null) {
			return;
		}
		String earlier = firstUse.putIfAbsent(value, field.path());
		if (earlier != null) {
			invalid(field, "unique", null,
					label(field) + " must be unique (\"" + value + "\" is also used at " + earlier + ")");
		}
	}

	public void requireHttpUrl(Field field) {
		String value = requireString(field, UNLIMITED);
		if (value == null) {
			return;
		}
		URI uri = parseUri(value);
		if (uri != null && uri.isAbsolute() && !URL_SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
			invalid(field, "url_scheme", URL_SCHEMES,
					label(field) + " must use the http or https scheme (was \"" + uri.getScheme() + "\")");
		}
		else if (uri == null || !uri.isAbsolute() || uri.getHost() == null) {
			invalid(field, "format", "absolute http(s) URL",
					label(field) + " must be an absolute http or https URL (was \"" + value + "\")");
		}
	}

	/**
	 * The text rule of every JSON body, applied by {@link LenientJsonReader} before any
	 * other rule: no string value and no field name may hold a control character other
	 * than tab, line feed and carriage return. PostgreSQL cannot store NUL in text, and
	 * the others are invisible in every WhatsApp client.
	 */
	public void storableText(Field field) {
		JsonNode node = field.node();
		if (node == null || !hasControlCharacter(node)) {
			return;
		}
		storableTextAt(field);
	}

	/**
	 * Whether a control character is anywhere in the tree: looked for without making a
	 * {@link Field} and its path for each value, which only a refusal names (ADR 0027).
	 */
	private static boolean hasControlCharacter(JsonNode node) {
		if (node.isString()) {
			return firstControlCharacter(node.stringValue()) >= 0;
		}
		if (node.isObject()) {
			for (Map.Entry<String, JsonNode> property : node.properties()) {
				if (firstControlCharacter(property.getKey()) >= 0 || hasControlCharacter(property.getValue())) {
					return true;
				}
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				if (hasControlCharacter(node.get(i))) {
					return true;
				}
			}
		}
		return false;
	}

	private void storableTextAt(Field field) {
		JsonNode node = field.node();
		if (node == null) {
			return;
		}
		if (node.isString()) {
			int at = firstControlCharacter(node.stringValue());
			if (at >= 0) {
				invalid(field, "control_character", ALLOWED_CONTROL_CHARACTERS,
						label(field) + " must not contain control characters other than tab, line feed and "
								+ "carriage return (found U+"
								+ HexFormat.of().withUpperCase().toHexDigits(node.stringValue().charAt(at))
								+ " at index " + at + ")");
			}
		}
		else if (node.isObject()) {
			for (String name : node.propertyNames()) {
				if (firstControlCharacter(name) >= 0) {
					invalid(field, "control_character", ALLOWED_CONTROL_CHARACTERS,
							label(field) + " has a field name with a control character");
				}
				else {
					storableTextAt(field.get(name));
				}
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				storableTextAt(field.item(i));
			}
		}
	}

	private static int firstControlCharacter(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
				return i;
			}
		}
		return -1;
	}

	private void wrongType(Field field, String expected) {
		String article = "aeiou".indexOf(expected.charAt(0)) >= 0 ? "an " : "a ";
		String actual = (field.node() != null) ? field.node().getNodeType().name().toLowerCase(Locale.ROOT) : "absent";
		invalid(field, "type", expected, label(field) + " must be " + article + expected + " (was " + actual + ")");
	}

	private void add(int code, Field field, String rule, @Nullable Object limit, String details) {
		String path = field.path().isEmpty() ? null : field.path();
		this.errors.add(new ApiError(code, ErrorCodes.titleOf(code), details, path, rule, limit));
	}

	private static boolean isAbsent(Field field) {
		return field.node() == null || field.node().isNull();
	}

	private static String label(Field field) {
		return field.path().isEmpty() ? "the request body" : field.path();
	}

	private static String items(int count) {
		return count + ((count == 1) ? " item" : " items");
	}

	private static @Nullable URI parseUri(String value) {
		try {
			return new URI(value);
		}
		catch (URISyntaxException ex) {
			return null;
		}
	}

	private static @Nullable BigDecimal decimalOf(JsonNode node) {
		if (node.isNumber()) {
			return node.decimalValue();
		}
		if (node.isString()) {
			try {
				return new BigDecimal(node.stringValue().strip());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return null;
	}

}
