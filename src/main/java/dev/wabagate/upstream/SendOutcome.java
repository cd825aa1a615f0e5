package dev.wabagate.upstream;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/** What became of one attempt to hand a message to the provider. */
public sealed interface SendOutcome {

	/** The provider took the message and gave it this id (a wamid). */
	record Accepted(String upstreamMessageId) implements SendOutcome {
	}

	/**
	 * Not sent this time, but may succeed later.
	 *
	 * @param scope what must slow down: the whole channel (throughput 130429), this
	 * recipient (pair rate 131056), or just this message (network error, timeout, 5xx)
	 * @param retryAfter the provider's own hint, if it gave one
	 * @param outcomeUnknown true when the provider may have sent it (a timeout): a retry
	 * may duplicate
	 */
	record RetryLater(int code, String title, Scope scope, @Nullable Duration retryAfter,
			boolean outcomeUnknown) implements SendOutcome {
	}

	/** The provider refused the message for good. */
	record Rejected(int code, String title, String details) implements SendOutcome {
	}

	enum Scope {

		CHANNEL, RECIPIENT, MESSAGE

	}

}
