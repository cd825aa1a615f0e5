package dev.wabagate.messaging.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.shared.Field;
import dev.wabagate.shared.Violations;

/**
 * Rules for {@code template} sends. Whether the template exists, is approved and takes
 * these parameters only Meta knows; this checks the shape of the request.
 */
final class TemplateRules {

	static final List<String> COMPONENT_TYPES = List.of("header", "body", "button");

	static final List<String> PARAMETER_TYPES = List.of("text", "currency", "date_time", "image", "video", "document",
			"location", "payload", "coupon_code", "action");

	static final List<String> BUTTON_INDEXES = IntStream.rangeClosed(0, 9).mapToObj(String::valueOf).toList();

	/**
	 * The v23 spec's TextParameter maxLength; the rendered body limit is Meta's to check.
	 */
	static final int TEXT_PARAMETER_MAX = 32768;

	private static final Set<String> FIELDS = Set.of("name", "language", "namespace", "components");

	private static final Set<String> LANGUAGE_FIELDS = Set.of("code", "policy");

	private static final List<String> LANGUAGE_POLICIES = List.of("deterministic");

	private static final Set<String> COMPONENT_FIELDS = Set.of("type", "sub_type", "index", "parameters");

	private static final Set<String> PARAMETER_FIELDS = with(PARAMETER_TYPES, "type", "parameter_name");

	private static final Set<String> CURRENCY_FIELDS = Set.of("fallback_value", "code", "amount_1000");

	private static final Set<String> ACTION_FIELDS = Set.of("thumbnail_product_retailer_id", "flow_token",
			"flow_action_data");

	private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Za-z]{3}");

	/** What Meta refuses inside a parameter with error 132018. */
	private static final Pattern UNSENDABLE_WHITESPACE = Pattern.compile("[\\n\\t]| {5,}");

	private final Violations violations;

	private final ContentRules content;

	private int bodyParams;

	private int headerParams;

	TemplateRules(Violations violations, ContentRules content) {
		this.violations = violations;
		this.content = content;
	}

	/**
	 * Checks the template object.
	 * @return the template it names, or null when name or language are not usable
	 */
	@Nullable TemplateRef check(Field template) {
		ObjectNode object = this.violations.requireObject(template, FIELDS);
		if (object == null) {
			return null;
		}
		String name = this.violations.requireString(template.get("name"), Violations.UNLIMITED);
		Field language = template.get("language");
		String code = null;
		if (this.violations.requireObject(language, LANGUAGE_FIELDS) != null) {
			code = this.violations.requireString(language.get("code"), Violations.UNLIMITED);
			this.violations.optionalOneOf(language.get("policy"), LANGUAGE_POLICIES);
		}
		// On-Premises required a namespace; Cloud finds templates by name and language
		// only.
		this.violations.optionalString(template.get("namespace"), Violations.UNLIMITED);
		object.remove("namespace");
		Field components = template.get("components");
		ArrayNode componentArray = this.violations.optionalArray(components, 0, Violations.UNLIMITED);
		if (componentArray != null) {
			for (int i = 0; i < componentArray.size(); i++) {
				component(components.item(i));
			}
		}
		return (name != null && code != null) ? new TemplateRef(name, code, this.bodyParams, this.headerParams) : null;
	}

	private void component(Field component) {
		if (this.violations.requireObject(component, COMPONENT_FIELDS) == null) {
			return;
		}
		Field typeField = component.get("type");
		String written = this.violations.requireString(typeField, Violations.UNLIMITED);
		// Case-insensitive: template definitions say "BODY", sends usually "body".
		String type = this.violations.checkOneOf(typeField, (written != null) ? written.toLowerCase(Locale.ROOT) : null,
				COMPONENT_TYPES);
		if ("button".equals(type)) {
			this.violations.requireString(component.get("sub_type"), Violations.UNLIMITED);
			this.violations.requireOneOf(component.get("index"), BUTTON_INDEXES);
		}
		else if (type != null) {
			for (String buttonOnly : List.of("sub_type", "index")) {
				if (component.get(buttonOnly).isPresent()) {
					this.violations.notAllowed(component.get(buttonOnly), "on " + type + " components");
				}
			}
		}
		Field parameters = component.get("parameters");
		ArrayNode parameterArray = this.violations.optionalArray(parameters, 0, Violations.UNLIMITED);
		if (parameterArray != null) {
			if ("body".equals(type)) {
				this.bodyParams = parameterArray.size();
			}
			else if ("header".equals(type)) {
				this.headerParams = parameterArray.size();
			}
			for (int i = 0; i < parameterArray.size(); i++) {
				parameter(parameters.item(i));
			}
		}
	}

	private void parameter(Field parameter) {
		if (this.violations.requireObject(parameter, PARAMETER_FIELDS) == null) {
			return;
		}
		this.violations.optionalString(parameter.get("parameter_name"), Violations.UNLIMITED);
		String type = this.violations.requireOneOf(parameter.get("type"), PARAMETER_TYPES);
		if (type == null) {
			return;
		}
		this.violations.onlyContentOfType(parameter, type, PARAMETER_TYPES);
		Field value = parameter.get(type);
		switch (type) {
			case "text" -> textParameter(value);
			case "currency" -> currency(value);
			case "date_time" -> {
				if (this.violations.requireObject(value, Set.of("fallback_value")) != null) {
					this.violations.requireString(value.get("fallback_value"), Violations.UNLIMITED);
				}
			}
			case "image", "video", "document" -> this.content.media(value, type, false);
			case "location" -> this.content.location(value);
			case "action" -> this.violations.requireObject(value, ACTION_FIELDS);
			default -> this.violations.requireString(value, Violations.UNLIMITED); // payload,
																					// coupon_code
		}
	}

	private void textParameter(Field text) {
		String value = this.violations.requireString(text, TEXT_PARAMETER_MAX);
		if (value != null && UNSENDABLE_WHITESPACE.matcher(value).find()) {
			this.violations.invalid(text, "whitespace", "no newline, tab or more than 4 consecutive spaces", text.path()
					+ " must not contain a newline, a tab or more than 4 consecutive spaces (Meta error 132018)");
		}
	}

	private void currency(Field currency) {
		if (this.violations.requireObject(currency, CURRENCY_FIELDS) == null) {
			return;
		}
		this.violations.requireString(currency.get("fallback_value"), Violations.UNLIMITED);
		Field code = currency.get("code");
		String codeValue = this.violations.requireString(code, Violations.UNLIMITED);
		if (codeValue != null && !CURRENCY_CODE.matcher(codeValue).matches()) {
			this.violations.invalid(code, "format", "ISO 4217",
					code.path() + " must be a 3-letter ISO 4217 currency code (was \"" + codeValue + "\")");
		}
		this.violations.requireInteger(currency.get("amount_1000"));
	}

	private static Set<String> with(List<String> names, String... more) {
		Set<String> all = new HashSet<>(names);
		all.addAll(List.of(more));
		return Set.copyOf(all);
	}

}
