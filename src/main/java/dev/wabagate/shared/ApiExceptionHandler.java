package dev.wabagate.shared;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Renders every failure as the one error body: RFC 9457 problem JSON with the On-Premises
 * {@code errors} array and {@code meta} block that 360dialog-v1-style clients read.
 */
@RestControllerAdvice
class ApiExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

	/**
	 * The connection pool gives up after a few seconds; a retry soon after may succeed.
	 */
	private static final int DATABASE_RETRY_AFTER_SECONDS = 2;

	@ExceptionHandler(ApiException.class)
	ResponseEntity<Map<String, Object>> onApiException(ApiException ex, HttpServletRequest request) {
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(ex.status()).contentType(PROBLEM_JSON);
		if (ex.retryAfterSeconds() != null) {
			builder.header(HttpHeaders.RETRY_AFTER, String.valueOf(ex.retryAfterSeconds()));
		}
		return builder.body(body(ex.status(), ex.problemType(), ex.getMessage(), ex.errors(), request));
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<Map<String, Object>> onNoResource(NoResourceFoundException ex, HttpServletRequest request) {
		String details = "No endpoint " + request.getMethod() + " " + request.getRequestURI();
		return simple(HttpStatus.NOT_FOUND, "not-found", ErrorCodes.NOT_FOUND, details, request);
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<Map<String, Object>> onMethod(HttpRequestMethodNotSupportedException ex,
			HttpServletRequest request) {
		String details = "Method " + ex.getMethod() + " is not supported on " + request.getRequestURI()
				+ "; supported: " + ex.getSupportedHttpMethods();
		return simple(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", ErrorCodes.PARAMETER_VALUE_INVALID, details,
				request);
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<Map<String, Object>> onMediaType(HttpMediaTypeNotSupportedException ex, HttpServletRequest request) {
		return simple(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", ErrorCodes.PARAMETER_VALUE_INVALID,
				ex.getMessage(), request);
	}

	@ExceptionHandler({ MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class })
	ResponseEntity<Map<String, Object>> onBadParameter(Exception ex, HttpServletRequest request) {
		return simple(HttpStatus.BAD_REQUEST, "validation", ErrorCodes.PARAMETER_VALUE_INVALID, ex.getMessage(),
				request);
	}

	@ExceptionHandler(MaxUploadSizeExceededException.class)
	ResponseEntity<Map<String, Object>> onTooLarge(MaxUploadSizeExceededException ex, HttpServletRequest request) {
		return simple(HttpStatus.CONTENT_TOO_LARGE, "validation", ErrorCodes.PARAMETER_VALUE_INVALID,
				"The upload is larger than the gateway accepts (spring.servlet.multipart.max-file-size)", request);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<Map<String, Object>> onUnreadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
		String cause = (ex.getMostSpecificCause() != null) ? ex.getMostSpecificCause().getMessage() : ex.getMessage();
		return simple(HttpStatus.BAD_REQUEST, "malformed-json", ErrorCodes.REQUEST_BODY_MALFORMED,
				"The request body could not be read: " + cause, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Map<String, Object>> onUnexpected(Exception ex, HttpServletRequest request) {
		if (DatabaseFailures.isUnavailable(ex)) {
			log.warn("The database is unavailable on {} {}: {}", request.getMethod(), request.getRequestURI(),
					ex.getMessage());
			String details = "The gateway cannot reach its database; nothing was stored. Retry after "
					+ DATABASE_RETRY_AFTER_SECONDS + " s";
			List<ApiError> errors = List.of(ApiError.of(ErrorCodes.SERVICE_NOT_READY,
					ErrorCodes.titleOf(ErrorCodes.SERVICE_NOT_READY), details));
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.contentType(PROBLEM_JSON)
				.header(HttpHeaders.RETRY_AFTER, String.valueOf(DATABASE_RETRY_AFTER_SECONDS))
				.body(body(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable", details, errors, request));
		}
		log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), ex);
		return simple(HttpStatus.INTERNAL_SERVER_ERROR, "internal", ErrorCodes.INTERNAL_ERROR,
				"An internal error occurred; it has been logged", request);
	}

	private ResponseEntity<Map<String, Object>> simple(HttpStatus status, String type, int code, String details,
			HttpServletRequest request) {
		List<ApiError> errors = List.of(ApiError.of(code, ErrorCodes.titleOf(code), details));
		return ResponseEntity.status(status)
			.contentType(PROBLEM_JSON)
			.body(body(status, type, details, errors, request));
	}

	static Map<String, Object> body(HttpStatus status, String type, String detail, List<ApiError> errors,
			HttpServletRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", URI.create("https://wabagate.dev/problems/" + type).toString());
		body.put("title", status.getReasonPhrase());
		body.put("status", status.value());
		body.put("detail", detail);
		body.put("instance", request.getRequestURI());
		body.put("errors", errors);
		body.put("meta", ApiMeta.of(status));
		return body;
	}

}
