package dev.wabagate.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * Collects every rule a request body breaks, so one 400 answer lists them all instead of
 * making the developer fix them one round trip at a time.
 */
public final class Violations {

	private final List<ApiError> errors = new ArrayList<>();

	public void invalid(String field, String rule, @Nullable Object limit, String details) {
		this.errors.add(new ApiError(ErrorCodes.PARAMETER_VALUE_INVALID,
				ErrorCodes.titleOf(ErrorCodes.PARAMETER_VALUE_INVALID), details, field, rule, limit));
	}

	public void missing(String field) {
		this.errors.add(new ApiError(ErrorCodes.REQUIRED_PARAMETER_MISSING,
				ErrorCodes.titleOf(ErrorCodes.REQUIRED_PARAMETER_MISSING), field + " is required", field, "required",
				null));
	}

	public boolean isEmpty() {
		return this.errors.isEmpty();
	}

	/** Throws a 400 naming every violation, if there is any. */
	public void throwIfAny() {
		if (this.errors.isEmpty()) {
			return;
		}
		String summary = (this.errors.size() == 1) ? this.errors.get(0).details()
				: this.errors.size() + " fields are not valid: "
						+ this.errors.stream().map(ApiError::details).collect(Collectors.joining("; "));
		throw new ApiException(HttpStatus.BAD_REQUEST, "validation", summary, this.errors);
	}

}
