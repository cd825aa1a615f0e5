package dev.wabagate.cloudapi;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.cloudapi.CloudApiException.GraphError;
import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ErrorCodes;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Renders every failure on the Graph paths as Meta's error body,
 * {@code {"error": {message, type, code, error_subcode, error_data: {messaging_product,
 * details}, fbtrace_id}}}, with {@code application/json}. The error is the v1 API's:
 * codes that already are Cloud API codes (13xxxx) are kept, and the On-Premises codes of
 * the v1 {@code errors[]} become the Cloud API code of the same error (table in
 * docs/cloud-api.md), because that is what Cloud SDKs switch on.
 */
final class CloudErrors {

	private static final Logger log = LoggerFactory.getLogger(CloudErrors.class);

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JsonMapper json;

	CloudErrors(JsonMapper json) {
		this.json = json;
	}

	/** A failure as Meta would answer it: status, error and an optional Retry-After. */
	record Answer(HttpStatus status, GraphError error, @Nullable Long retryAfterSeconds) {
	}

	Answer answerFor(Exception ex, HttpServletRequest request) {
		return switch (ex) {
			case CloudApiException cloud -> new Answer(cloud.status(), cloud.error(), null);
			case ApiException api -> fromV1(api);
			case NoResourceFoundException notFound -> new Answer(HttpStatus.NOT_FOUND,
					new GraphError("Unknown path components: " + request.getRequestURI(), GraphError.OAUTH_EXCEPTION,
							2500, null, "No endpoint " + request.getMethod() + " " + request.getRequestURI()),
					null);
			case HttpRequestMethodNotSupportedException method -> new Answer(HttpStatus.METHOD_NOT_ALLOWED,
					new GraphError("Unsupported " + method.getMethod().toLowerCase(Locale.ROOT) + " request",
							GraphError.GRAPH_METHOD_EXCEPTION, 100, null,
							"Method " + method.getMethod() + " is not supported on " + request.getRequestURI()
									+ "; supported: " + method.getSupportedHttpMethods()),
					null);
			case HttpMediaTypeNotSupportedException type ->
				invalid(HttpStatus.UNSUPPORTED_MEDIA_TYPE, 100, "Unsupported Content-Type: " + type.getMessage());
			case HttpMediaTypeNotAcceptableException type ->
				invalid(HttpStatus.NOT_ACCEPTABLE, 100, "This endpoint answers application/json only");
			case MaxUploadSizeExceededException tooLarge -> invalid(HttpStatus.CONTENT_TOO_LARGE, 131009,
					"The upload is larger than the gateway accepts (spring.servlet.multipart.max-file-size)");
			case MultipartException multipart ->
				invalid(HttpStatus.BAD_REQUEST, 100, "The multipart body could not be read: " + multipart.getMessage());
			case HttpMessageNotReadableException unreadable ->
				invalid(HttpStatus.BAD_REQUEST, 100, "The request body could not be read: " + unreadable.getMessage());
			case MissingServletRequestParameterException missing ->
				invalid(HttpStatus.BAD_REQUEST, 131008, missing.getParameterName() + " is required");
			case MethodArgumentTypeMismatchException mismatch ->
				invalid(HttpStatus.BAD_REQUEST, 131009, mismatch.getName() + " has the wrong type");
			default -> {
				log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), ex);
				yield new Answer(HttpStatus.INTERNAL_SERVER_ERROR, new GraphError("(#131000) Something went wrong",
						GraphError.OAUTH_EXCEPTION, 131000, null, "An internal error occurred; it has been logged"),
						null);
			}
		};
	}

	void write(Answer answer, HttpServletResponse response) throws IOException {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", answer.error().message());
		error.put("type", answer.error().type());
		error.put("code", answer.error().code());
		if (answer.error().subcode() != null) {
			error.put("error_subcode", answer.error().subcode());
		}
		if (answer.error().details() != null) {
			error.put("error_data", Map.of("messaging_product", "whatsapp", "details", answer.error().details()));
		}
		error.put("fbtrace_id", traceId());
		byte[] body = this.json.writeValueAsBytes(Map.of("error", error));
		response.resetBuffer();
		response.setStatus(answer.status().value());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		if (answer.retryAfterSeconds() != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(answer.retryAfterSeconds()));
		}
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	private static Answer fromV1(ApiException ex) {
		ApiError first = ex.errors().isEmpty()
				? ApiError.of(ErrorCodes.INTERNAL_ERROR, ErrorCodes.titleOf(ErrorCodes.INTERNAL_ERROR), ex.getMessage())
				: ex.errors().getFirst();
		GraphError error = switch (first.code()) {
			case ErrorCodes.UNAUTHORIZED -> new GraphError("Invalid OAuth access token - Cannot parse access token",
					GraphError.OAUTH_EXCEPTION, 190, null, first.details());
			case ErrorCodes.NOT_FOUND -> new GraphError(
					"Unsupported request. Object does not exist, cannot be loaded due to missing permissions, "
							+ "or does not support this operation",
					GraphError.GRAPH_METHOD_EXCEPTION, 100, 33, first.details());
			case ErrorCodes.REQUEST_BODY_MALFORMED, ErrorCodes.RESOURCE_ALREADY_EXISTS ->
				cloud(100, "Invalid parameter", first.details());
			case ErrorCodes.REQUIRED_PARAMETER_MISSING -> cloud(131008, first.title(), first.details());
			case ErrorCodes.PARAMETER_VALUE_INVALID -> cloud(131009, first.title(), first.details());
			case ErrorCodes.INTERNAL_ERROR -> cloud(131000, "Something went wrong", first.details());
			case ErrorCodes.TOO_MANY_REQUESTS -> cloud(4, "Application request limit reached", first.details());
			case ErrorCodes.OUTSIDE_CUSTOMER_SERVICE_WINDOW -> cloud(ErrorCodes.CLOUD_RE_ENGAGEMENT,
					ErrorCodes.titleOf(ErrorCodes.CLOUD_RE_ENGAGEMENT), first.details());
			default -> cloud(first.code(), first.title(), first.details());
		};
		return new Answer(ex.status(), error, ex.retryAfterSeconds());
	}

	private static GraphError cloud(int code, String title, String details) {
		return new GraphError("(#" + code + ") " + title, GraphError.OAUTH_EXCEPTION, code, null, details);
	}

	private static Answer invalid(HttpStatus status, int code, String details) {
		String title = switch (code) {
			case 131008 -> "Required parameter is missing";
			case 131009 -> "Parameter value is not valid";
			default -> "Invalid parameter";
		};
		return new Answer(status, cloud(code, title, details), null);
	}

	/** Meta's fbtrace_id: an opaque id to quote when asking about one request. */
	private static String traceId() {
		byte[] bytes = new byte[16];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
