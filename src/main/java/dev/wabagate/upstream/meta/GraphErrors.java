package dev.wabagate.upstream.meta;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ErrorCodes;
import dev.wabagate.upstream.SendOutcome;
import dev.wabagate.upstream.SendOutcome.Scope;

import org.springframework.http.HttpStatus;

/**
 * What a Graph API error means for the message: the one table that decides between
 * retrying and refusing. Decisions go by Meta's {@code code}, never by its wording.
 */
final class GraphErrors {

	/** Codes that may succeed later, and what has to slow down meanwhile. */
	private static final Map<Integer, Scope> RETRYABLE = Map.ofEntries(
			// Throughput and app/WABA/user call rate limits: the whole number waits.
			Map.entry(130429, Scope.CHANNEL), Map.entry(80007, Scope.CHANNEL), Map.entry(4, Scope.CHANNEL),
			Map.entry(17, Scope.CHANNEL),
			// Pair rate limit: only this recipient backs off.
			Map.entry(131056, Scope.RECIPIENT),
			// Meta's own trouble: this message tries again.
			Map.entry(131000, Scope.MESSAGE), Map.entry(131016, Scope.MESSAGE), Map.entry(131057, Scope.MESSAGE),
			Map.entry(2, Scope.MESSAGE));

	/**
	 * Codes known to be permanent for this message. Any other 4xx is permanent too; this
	 * set matters for 5xx answers, which are retried unless they carry one of these.
	 */
	private static final Set<Integer> PERMANENT = Set.of(0, 1, 3, 10, 33, 100, 190, 368, 130472, 130497, 131005, 131008,
			131009, 131021, 131026, 131030, 131031, 131037, 131042, 131045, 131047, 131048, 131049, 131050, 131051,
			131052, 131053, 132000, 132001, 132005, 132007, 132008, 132012, 132015, 132016, 132018, 132068, 132069,
			133000, 133010, 133016, 135000, 137000);

	private GraphErrors() {
	}

	/**
	 * @param httpStatus Meta's HTTP status (not 2xx)
	 * @param body Meta's answer, if it was JSON
	 * @param retryAfter Meta's {@code Retry-After}, if it sent one
	 */
	static SendOutcome classify(int httpStatus, @Nullable JsonNode body, @Nullable Duration retryAfter) {
		JsonNode error = (body != null) ? body.path("error") : null;
		Integer code = (error != null && error.path("code").isNumber()) ? error.path("code").asInt() : null;
		if (code == null) {
			return withoutCode(httpStatus, retryAfter);
		}
		String title = title(code, error);
		Scope scope = RETRYABLE.get(code);
		if (scope != null) {
			return new SendOutcome.RetryLater(code, title, scope, (scope == Scope.CHANNEL) ? retryAfter : null, false);
		}
		if (httpStatus >= 500 && !isPermanent(code)) {
			return new SendOutcome.RetryLater(code, title, Scope.MESSAGE, null, false);
		}
		String details = error.path("error_data").path("details").asString("");
		return new SendOutcome.Rejected(code, title,
				details.isEmpty() ? error.path("message").asString(title) : details);
	}

	/** How long a caller is asked to wait when Meta gave no {@code Retry-After}. */
	static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(30);

	/**
	 * Meta's codes for an access token that is invalid, expired or lacks a permission.
	 */
	private static final List<Integer> CREDENTIAL_CODES = List.of(0, 190, 10, 200);

	/**
	 * A management call (templates, media, profile, ...) failed: the same table decides,
	 * and the answer is the caller's error. Whatever may succeed later is 503 with
	 * {@code Retry-After}; a refused token names the channel's credentials; any other
	 * refusal is a 400 naming Meta's code and message.
	 */
	static ApiException failure(Channel channel, String call, int httpStatus, @Nullable JsonNode body,
			@Nullable Duration retryAfter) {
		return switch (classify(httpStatus, body, retryAfter)) {
			case SendOutcome.RetryLater later -> unavailable(call, later.code(), later.title(),
					(later.retryAfter() != null) ? later.retryAfter() : retryAfter);
			case SendOutcome.Rejected rejected when CREDENTIAL_CODES.contains(rejected.code()) ->
				credentialsRefused(channel, call, rejected);
			case SendOutcome.Rejected rejected -> new ApiException(HttpStatus.BAD_REQUEST, "provider-refused",
					"Meta refused " + call + ": (#" + rejected.code() + ") " + rejected.title(),
					List.of(ApiError.of(rejected.code(), rejected.title(), rejected.details())));
			case SendOutcome.Accepted accepted -> throw new IllegalStateException("Not an error: " + accepted);
		};
	}

	/** Meta could not be reached or did not answer in time: nothing was done here. */
	static ApiException unavailable(String call, int code, String title, @Nullable Duration retryAfter) {
		Duration wait = (retryAfter != null) ? retryAfter : DEFAULT_RETRY_AFTER;
		String details = title + "; " + call + " was not done, try again in " + wait.toSeconds() + " s";
		return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "provider-unavailable", details,
				List.of(ApiError.of(code, "Meta is unavailable or rate limited", details)), wait.toSeconds());
	}

	private static ApiException credentialsRefused(Channel channel, String call, SendOutcome.Rejected rejected) {
		String details = "Meta refused the access token of channel " + channel.id() + " (credentials.access_token) for "
				+ call + ": (#" + rejected.code() + ") " + rejected.title()
				+ ". The operator must give the channel a valid System User token with the "
				+ "whatsapp_business_messaging and whatsapp_business_management permissions.";
		return new ApiException(HttpStatus.BAD_GATEWAY, "provider-credentials", details,
				List.of(new ApiError(rejected.code(), "Channel credentials refused by Meta", details,
						"credentials.access_token", "valid_token", null)));
	}

	private static boolean isPermanent(int code) {
		return PERMANENT.contains(code) || (code >= 200 && code <= 299) || (code >= 133000 && code <= 133016);
	}

	/**
	 * Not the Graph API's verdict on the message (a proxy, a load balancer, a wrong base
	 * URL): the message waits, so an operator's fix can still save it before its give-up
	 * age.
	 */
	private static SendOutcome withoutCode(int httpStatus, @Nullable Duration retryAfter) {
		String title = "HTTP " + httpStatus + " from Meta without a Graph API error";
		if (httpStatus == 429) {
			return new SendOutcome.RetryLater(ErrorCodes.CLOUD_THROUGHPUT_EXCEEDED, title, Scope.CHANNEL, retryAfter,
					false);
		}
		return new SendOutcome.RetryLater(ErrorCodes.CLOUD_SOMETHING_WENT_WRONG, title, Scope.MESSAGE, null, false);
	}

	/**
	 * Meta's message reads {@code "(#131047) Re-engagement message"}; the title is the
	 * part after the code.
	 */
	private static String title(int code, JsonNode error) {
		String message = error.path("message").asString("");
		String prefix = "(#" + code + ")";
		String title = message.startsWith(prefix) ? message.substring(prefix.length()).strip() : message.strip();
		return title.isEmpty() ? ErrorCodes.titleOf(code) : title;
	}

}
