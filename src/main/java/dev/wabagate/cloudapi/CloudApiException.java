package dev.wabagate.cloudapi;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

/**
 * A refusal in the Cloud API's own terms, for the cases the v1 API has no error for (an
 * unknown Graph object, an operation the provider does not support).
 */
class CloudApiException extends RuntimeException {

	private final HttpStatus status;

	private final GraphError error;

	CloudApiException(HttpStatus status, GraphError error) {
		super(error.message());
		this.status = status;
		this.error = error;
	}

	/** Meta's answer for an id that does not exist or is not this key's. */
	static CloudApiException unknownObject(String method, String id) {
		return new CloudApiException(HttpStatus.NOT_FOUND,
				new GraphError("Unsupported " + method.toLowerCase(Locale.ROOT) + " request. Object with ID '" + id
						+ "' does not exist, cannot be loaded due to missing permissions, or does not support "
						+ "this operation", GraphError.GRAPH_METHOD_EXCEPTION, 100, 33, null));
	}

	static CloudApiException unsupported(String details) {
		return new CloudApiException(HttpStatus.NOT_IMPLEMENTED,
				new GraphError("(#100) Unsupported operation", GraphError.OAUTH_EXCEPTION, 100, null, details));
	}

	HttpStatus status() {
		return this.status;
	}

	GraphError error() {
		return this.error;
	}

	/**
	 * The inner object of Meta's {@code {"error": {...}}} body.
	 *
	 * @param details what {@code error_data.details} says; null for none
	 */
	record GraphError(String message, String type, int code, @Nullable Integer subcode, @Nullable String details) {

		static final String OAUTH_EXCEPTION = "OAuthException";

		static final String GRAPH_METHOD_EXCEPTION = "GraphMethodException";

	}

}
