package dev.wabagate.messaging.validation;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ErrorCodes;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * One edit of a valid message and the single violation it must cause.
 *
 * @param kind which valid message to start from, see {@link Messages#valid}
 * @param path the field to change
 * @param value the new value as single-quoted JSON, or null to remove the field
 * @param field expected {@link ApiError#field()}
 * @param rule expected {@link ApiError#rule()}
 * @param limit expected {@link ApiError#limit()}
 */
record Refusal(String kind, String path, @Nullable JsonNode value, String field, String rule, @Nullable Object limit) {

	static Refusal of(String kind, String path, @Nullable String value, String field, String rule,
			@Nullable Object limit) {
		return new Refusal(kind, path, (value != null) ? Messages.json(value) : null, field, rule, limit);
	}

	static Refusal of(String kind, String path, JsonNode value, String field, String rule, @Nullable Object limit) {
		return new Refusal(kind, path, value, field, rule, limit);
	}

	/** Asserts the edited message is refused with exactly this one violation. */
	void assertRefused() {
		List<ApiError> errors = violations(Messages.with(Messages.valid(this.kind), this.path, this.value));
		assertThat(errors).singleElement().satisfies((error) -> {
			assertThat(error.field()).isEqualTo(this.field);
			assertThat(error.rule()).isEqualTo(this.rule);
			assertThat(error.limit()).isEqualTo(this.limit);
			assertThat(error.code())
				.isEqualTo(isMissing() ? ErrorCodes.REQUIRED_PARAMETER_MISSING : ErrorCodes.PARAMETER_VALUE_INVALID);
			assertThat(error.details()).startsWith(this.field);
		});
	}

	/** Absent required values are 1008; so is a media object with neither id nor link. */
	private boolean isMissing() {
		return this.rule.equals("required") || (this.rule.equals("exactly_one_of") && this.value == null);
	}

	/** Validates and returns the violations of the 400 it must cause. */
	static List<ApiError> violations(JsonNode message) {
		ApiException ex = catchThrowableOfType(ApiException.class, () -> new MessageValidator().validate(message));
		assertThat(ex).as("refused").isNotNull();
		assertThat(ex.status()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(ex.problemType()).isEqualTo("validation");
		return ex.errors();
	}

	@Override
	public String toString() {
		String shown = (this.value != null) ? this.value.toString() : "<absent>";
		return this.kind + ": " + this.path + " = " + ((shown.length() > 40) ? shown.substring(0, 37) + "..." : shown)
				+ " -> " + this.rule + " on " + this.field;
	}

}
