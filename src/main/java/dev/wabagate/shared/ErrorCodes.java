package dev.wabagate.shared;

/**
 * The WhatsApp error codes Wabagate answers with. On-Premises codes (1xxx, 470) are what
 * 360dialog-v1-style clients switch on; Cloud API codes (13xxxx) are what Meta reports
 * upstream.
 */
public final class ErrorCodes {

	public static final int UNAUTHORIZED = 1005;

	public static final int NOT_FOUND = 1006;

	public static final int REQUIRED_PARAMETER_MISSING = 1008;

	public static final int PARAMETER_VALUE_INVALID = 1009;

	public static final int SERVICE_NOT_READY = 1011;

	public static final int INTERNAL_ERROR = 1014;

	public static final int TOO_MANY_REQUESTS = 1015;

	public static final int RESOURCE_ALREADY_EXISTS = 1004;

	public static final int REQUEST_BODY_MALFORMED = 1000;

	public static final int IDEMPOTENCY_CONFLICT = 1029;

	public static final int OUTSIDE_CUSTOMER_SERVICE_WINDOW = 470;

	public static final int CLOUD_RE_ENGAGEMENT = 131047;

	public static final int CLOUD_THROUGHPUT_EXCEEDED = 130429;

	public static final int CLOUD_PAIR_RATE_LIMIT = 131056;

	public static final int CLOUD_UNDELIVERABLE = 131026;

	public static final int CLOUD_SOMETHING_WENT_WRONG = 131000;

	public static final int CLOUD_SERVICE_UNAVAILABLE = 131016;

	/** Wabagate's own code: the message could not be sent before its give-up age. */
	public static final int GAVE_UP = 1110;

	private ErrorCodes() {
	}

	public static String titleOf(int code) {
		return switch (code) {
			case REQUEST_BODY_MALFORMED -> "Request body is malformed";
			case RESOURCE_ALREADY_EXISTS -> "Resource already exists";
			case UNAUTHORIZED -> "Access denied";
			case NOT_FOUND -> "Resource not found";
			case REQUIRED_PARAMETER_MISSING -> "Required parameter is missing";
			case PARAMETER_VALUE_INVALID -> "Parameter value is not valid";
			case SERVICE_NOT_READY -> "Service not ready";
			case INTERNAL_ERROR -> "Internal error";
			case TOO_MANY_REQUESTS -> "Too many requests";
			case GAVE_UP -> "Message expired: not sent within the give-up age";
			case IDEMPOTENCY_CONFLICT -> "Idempotency key conflict";
			case OUTSIDE_CUSTOMER_SERVICE_WINDOW ->
				"Message failed to send because more than 24 hours have passed since the customer last replied to this number";
			case CLOUD_RE_ENGAGEMENT -> "Re-engagement message";
			case CLOUD_THROUGHPUT_EXCEEDED -> "Rate limit hit";
			case CLOUD_PAIR_RATE_LIMIT -> "(Business Account, Consumer Account) pair rate limit hit";
			case CLOUD_UNDELIVERABLE -> "Message Undeliverable";
			case CLOUD_SOMETHING_WENT_WRONG -> "Something went wrong";
			case CLOUD_SERVICE_UNAVAILABLE -> "Service unavailable";
			default -> "Error " + code;
		};
	}

}
