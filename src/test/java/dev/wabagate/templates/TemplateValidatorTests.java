package dev.wabagate.templates;

import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ErrorCodes;
import dev.wabagate.support.JsonEdits;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Template definitions as a table of refusals: each case edits one field of a valid
 * template and expects exactly one violation, named by its field path.
 */
class TemplateValidatorTests {

	private static final @Nullable String ABSENT = null;

	private static final String VALID = """
			{'name':'order_update','language':'en_US','category':'UTILITY','components':[
			 {'type':'HEADER','format':'TEXT','text':'Order {{1}}','example':{'header_text':['42']}},
			 {'type':'BODY','text':'Hello {{1}}, your order ships today.','example':{'body_text':[['Ann']]}},
			 {'type':'FOOTER','text':'Thanks'},
			 {'type':'BUTTONS','buttons':[{'type':'QUICK_REPLY','text':'Yes'},
			  {'type':'URL','text':'Track','url':'https://example.com/t/{{1}}','example':['https://example.com/t/1']}]}]}""";

	private static final String HEADER = "components[0]";

	private static final String BODY = "components[1]";

	private static final String FOOTER = "components[2]";

	private static final String BUTTONS = "components[3].buttons";

	private final TemplateValidator validator = new TemplateValidator(List.of("en", "en_US"));

	static Stream<Case> refusals() {
		return Stream.of(Case.of("name", ABSENT, "name", "required", null),
				Case.of("name", "'Order'", "name", "pattern", "[a-z0-9_]+"),
				Case.of("name", JsonEdits.text(513), "name", "max_length", 512),
				Case.of("language", ABSENT, "language", "required", null),
				Case.of("language", "'xx'", "language", "one_of", "wabagate.templates.languages"),
				Case.of("category", ABSENT, "category", "required", null),
				Case.of("category", "'NEWSLETTER'", "category", "one_of", TemplateValidator.CATEGORIES),
				Case.of("components", ABSENT, "components", "required", null),
				Case.of("components", "[]", "components", "required", null),
				Case.of(BODY, ABSENT, "components", "required", null), Case.of(HEADER, "5", HEADER, "type", "object"),
				Case.of(HEADER + ".type", "'SIDEBAR'", HEADER + ".type", "one_of",
						List.of("HEADER", "BODY", "FOOTER", "BUTTONS")),
				Case.of(FOOTER + ".type", "'BODY'", FOOTER + ".type", "max_count", 1),
				Case.of(HEADER + ".format", "'GIF'", HEADER + ".format", "one_of",
						List.of("TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION")),
				Case.of(HEADER + ".text", JsonEdits.text(61), HEADER + ".text", "max_length", 60),
				Case.of(HEADER + ".example", ABSENT, HEADER + ".example.header_text", "example", 1),
				Case.of(BODY + ".text", ABSENT, BODY + ".text", "required", null),
				Case.of(BODY + ".text", JsonEdits.text(1025), BODY + ".text", "max_length", 1024),
				Case.of(BODY + ".text", "'{{1}} ships today'", BODY + ".text", "variable_at_start", null),
				Case.of(BODY + ".text", "'Hello {{2}}'", BODY + ".text", "variable_sequence", "{{1}}"),
				Case.of(BODY + ".text", "'Hello {{1} x'", BODY + ".text", "variable_braces", null),
				Case.of(BODY + ".example", ABSENT, BODY + ".example.body_text", "example", 1),
				Case.of(FOOTER + ".text", ABSENT, FOOTER + ".text", "required", null),
				Case.of(FOOTER + ".text", "'Thanks {{1}}'", FOOTER + ".text", "no_variables", 0),
				Case.of(BUTTONS, ABSENT, BUTTONS, "required", null),
				Case.of(BUTTONS + "[0].type", "'CALL'", BUTTONS + "[0].type", "one_of",
						List.of("QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE")),
				Case.of(BUTTONS + "[0].text", JsonEdits.text(26), BUTTONS + "[0].text", "max_length", 25),
				Case.of(BUTTONS + "[1].url", "'ftp://example.com/t/{{1}}'", BUTTONS + "[1].url", "url", null),
				Case.of(BUTTONS + "[1].url", "'https://example.com/{{1}}/t'", BUTTONS + "[1].url", "url_variable", 1),
				Case.of(BUTTONS + "[1].example", ABSENT, BUTTONS + "[1].example", "example", 1));
	}

	@Test
	void theBaseTemplateIsValid() {
		NewTemplate template = this.validator.validate(JsonEdits.json(VALID));

		assertThat(template.bodyParams()).isEqualTo(1);
		assertThat(template.headerParams()).isEqualTo(1);
		assertThat(template.warnings()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("refusals")
	void refusesWithOneViolationNamingTheFieldPath(Case refusal) {
		JsonNode template = JsonEdits.with(JsonEdits.json(VALID), refusal.path(), refusal.value());

		ApiException ex = catchThrowableOfType(ApiException.class, () -> this.validator.validate(template));

		assertThat(ex).as("refused").isNotNull();
		assertThat(ex.status()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(ex.errors()).singleElement().satisfies((error) -> {
			assertThat(error.field()).isEqualTo(refusal.field()).doesNotContain(" ");
			assertThat(error.rule()).isEqualTo(refusal.rule());
			assertThat(error.limit()).isEqualTo(refusal.limit());
			assertThat(error.code()).isEqualTo(refusal.rule().equals("required") ? ErrorCodes.REQUIRED_PARAMETER_MISSING
					: ErrorCodes.PARAMETER_VALUE_INVALID);
		});
	}

	@Test
	void aBodyThatIsNoObjectNamesNoField() {
		ApiException ex = catchThrowableOfType(ApiException.class,
				() -> this.validator.validate(JsonEdits.json("['order_update']")));

		assertThat(ex.errors()).extracting(ApiError::field, ApiError::rule).containsExactly(tuple(null, "type"));
	}

	record Case(String path, @Nullable JsonNode value, String field, String rule, @Nullable Object limit) {

		static Case of(String path, @Nullable String value, String field, String rule, @Nullable Object limit) {
			return new Case(path, (value != null) ? JsonEdits.json(value) : null, field, rule, limit);
		}

		static Case of(String path, JsonNode value, String field, String rule, @Nullable Object limit) {
			return new Case(path, value, field, rule, limit);
		}

		@Override
		public String toString() {
			String shown = (this.value != null) ? this.value.toString() : "<absent>";
			return this.path + " = " + ((shown.length() > 30) ? shown.substring(0, 27) + "..." : shown) + " -> "
					+ this.rule + " on " + this.field;
		}

	}

}
