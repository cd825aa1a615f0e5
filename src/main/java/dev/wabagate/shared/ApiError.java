package dev.wabagate.shared;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the On-Premises-compatible {@code errors} array. {@code field},
 * {@code rule} and {@code limit} are Wabagate's additions so a developer sees exactly
 * which value broke which rule.
 *
 * @param code WhatsApp (On-Premises or Cloud API) error code
 * @param title short fixed title of the code
 * @param details human-readable explanation naming the field, the rule and the limit
 * @param field JSON path of the offending value, e.g.
 * {@code interactive.action.buttons[1].reply.title}
 * @param rule machine-readable rule name, e.g. {@code max_length}
 * @param limit the limit the rule enforces, when it has one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(int code, String title, String details, @Nullable String field, @Nullable String rule,
		@Nullable Object limit) {

	public static ApiError of(int code, String title, String details) {
		return new ApiError(code, title, details, null, null, null);
	}

}
