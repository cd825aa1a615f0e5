package dev.wabagate.upstream.sandbox;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.wabagate.shared.ErrorCodes;
import dev.wabagate.upstream.SendOutcome;

/**
 * The faults the sandbox plays on demand. A recipient number ending in one of these
 * suffixes always gets the fault, so a developer can trigger each one with a plain curl:
 * <ul>
 * <li>{@code 130429}: throughput limit hit (retryable, the channel slows down)</li>
 * <li>{@code 131056}: pair rate limit hit (retryable, only that recipient backs off)</li>
 * <li>{@code 131000}: server error (retryable)</li>
 * <li>{@code 131408}: the send hangs, then times out (retryable, outcome unknown)</li>
 * <li>{@code 131009}: refused as invalid (permanent)</li>
 * <li>{@code 131026}: accepted, then fails as undeliverable (permanent,
 * asynchronous)</li>
 * </ul>
 */
final class SandboxFaults {

	static final String UNDELIVERABLE_SUFFIX = "131026";

	static final String TIMEOUT_SUFFIX = "131408";

	private SandboxFaults() {
	}

	/** The synchronous fault for a recipient number, if it is a magic one. */
	static Optional<SendOutcome> forRecipient(String waId) {
		for (int code : new int[] { ErrorCodes.CLOUD_THROUGHPUT_EXCEEDED, ErrorCodes.CLOUD_PAIR_RATE_LIMIT,
				ErrorCodes.CLOUD_SOMETHING_WENT_WRONG, 131009 }) {
			if (waId.endsWith(String.valueOf(code))) {
				return Optional.of(outcome(code));
			}
		}
		return Optional.empty();
	}

	/** The outcome the sandbox answers for a fault code, as Meta would. */
	static SendOutcome outcome(int code) {
		return switch (code) {
			case ErrorCodes.CLOUD_THROUGHPUT_EXCEEDED -> new SendOutcome.RetryLater(code, ErrorCodes.titleOf(code),
					SendOutcome.Scope.CHANNEL, Duration.ofSeconds(1), false);
			case ErrorCodes.CLOUD_PAIR_RATE_LIMIT ->
				new SendOutcome.RetryLater(code, ErrorCodes.titleOf(code), SendOutcome.Scope.RECIPIENT, null, false);
			case ErrorCodes.CLOUD_SOMETHING_WENT_WRONG, ErrorCodes.CLOUD_SERVICE_UNAVAILABLE ->
				new SendOutcome.RetryLater(code, ErrorCodes.titleOf(code), SendOutcome.Scope.MESSAGE, null, false);
			default -> new SendOutcome.Rejected(code, titleOf(code), "Sandbox fault " + code + " injected");
		};
	}

	private static String titleOf(int code) {
		return (code == 131009) ? "Parameter value is not valid" : ErrorCodes.titleOf(code);
	}

	static SendOutcome timeout(@Nullable Duration waited) {
		return new SendOutcome.RetryLater(ErrorCodes.CLOUD_SOMETHING_WENT_WRONG,
				"Timed out after " + waited + " waiting for the provider", SendOutcome.Scope.MESSAGE, null, true);
	}

}
