package dev.wabagate.shared;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * A refusal the client caused or must know about. Rendered by {@link ApiExceptionHandler}
 * as the one error body: RFC 9457 problem JSON carrying the On-Premises {@code errors}
 * array.
 */
public class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String problemType;

	private final List<ApiError> errors;

	private final @Nullable Long retryAfterSeconds;

	public ApiException(HttpStatus status, String problemType, String message, List<ApiError> errors) {
		this(status, problemType, message, errors, null);
	}

	public ApiException(HttpStatus status, String problemType, String message, List<ApiError> errors,
			@Nullable Long retryAfterSeconds) {
		super(message);
		this.status = status;
		this.problemType = problemType;
		this.errors = List.copyOf(errors);
		this.retryAfterSeconds = retryAfterSeconds;
	}

	public static ApiException notFound(String what) {
		return new ApiException(HttpStatus.NOT_FOUND, "not-found", what + " not found", List
			.of(ApiError.of(ErrorCodes.NOT_FOUND, ErrorCodes.titleOf(ErrorCodes.NOT_FOUND), what + " not found")));
	}

	public static ApiException conflict(String details) {
		return new ApiException(HttpStatus.CONFLICT, "conflict", details, List.of(ApiError
			.of(ErrorCodes.RESOURCE_ALREADY_EXISTS, ErrorCodes.titleOf(ErrorCodes.RESOURCE_ALREADY_EXISTS), details)));
	}

	public static ApiException invalid(String field, String rule, @Nullable Object limit, String details) {
		return new ApiException(HttpStatus.BAD_REQUEST, "validation", details,
				List.of(new ApiError(ErrorCodes.PARAMETER_VALUE_INVALID,
						ErrorCodes.titleOf(ErrorCodes.PARAMETER_VALUE_INVALID), details, field, rule, limit)));
	}

	public static ApiException missing(String field) {
		return required(field, field + " is required");
	}

	/** A missing field with a hint of what it should hold or when it is required. */
	public static ApiException missing(String field, String hint) {
		return required(field, field + " is required: " + hint);
	}

	/** A request without the body it needs; the error names no field, the body itself. */
	public static ApiException missingBody(String hint) {
		String details = "The request body is required: " + hint;
		return new ApiException(HttpStatus.BAD_REQUEST, "validation", details,
				List.of(new ApiError(ErrorCodes.REQUIRED_PARAMETER_MISSING,
						ErrorCodes.titleOf(ErrorCodes.REQUIRED_PARAMETER_MISSING), details, null, "required", null)));
	}

	private static ApiException required(String field, String details) {
		return new ApiException(HttpStatus.BAD_REQUEST, "validation", details,
				List.of(new ApiError(ErrorCodes.REQUIRED_PARAMETER_MISSING,
						ErrorCodes.titleOf(ErrorCodes.REQUIRED_PARAMETER_MISSING), details, field, "required", null)));
	}

	public HttpStatus status() {
		return this.status;
	}

	public String problemType() {
		return this.problemType;
	}

	public List<ApiError> errors() {
		return this.errors;
	}

	public @Nullable Long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

}
