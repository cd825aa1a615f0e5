package dev.wabagate.messaging.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

import dev.wabagate.upstream.SendOutcome;

/**
 * When a message whose send failed for now is tried again, or that it is given up: pure
 * rules, without a clock or a database, so they are tested with fixed times.
 * <ul>
 * <li>a pair-rate error (the recipient's scope) backs off 4^n seconds after the n-th
 * attempt (1 s, 4 s, 16 s, … capped at 4^6 s), as Meta advises;</li>
 * <li>anything else backs off {@code base} doubled per attempt, capped at {@code max},
 * jittered over the upper half so that many retries spread out;</li>
 * <li>the provider's {@code Retry-After} is a floor;</li>
 * <li>a message whose next attempt would come later than {@code giveUpAge} after its
 * acceptance is given up.</li>
 * </ul>
 */
final class RetryPolicy {

	private final Duration base;

	private final Duration max;

	private final Duration giveUpAge;

	private final RandomGenerator random;

	RetryPolicy(Duration base, Duration max, Duration giveUpAge, RandomGenerator random) {
		this.base = base;
		this.max = max;
		this.giveUpAge = giveUpAge;
		this.random = random;
	}

	/** What to do after attempt number {@code attempts} failed with {@code retry}. */
	Decision afterFailure(int attempts, SendOutcome.RetryLater retry, Instant acceptedAt, Instant now) {
		Instant next = now.plus(backoff(attempts, retry));
		if (next.isAfter(acceptedAt.plus(this.giveUpAge))) {
			return new Decision.GiveUp("Not sent after " + attempts + " attempts within " + this.giveUpAge
					+ "; last error " + retry.code() + " " + retry.title());
		}
		return new Decision.RetryAt(next);
	}

	Duration backoff(int attempts, SendOutcome.RetryLater retry) {
		int exponent = Math.min(Math.max(attempts - 1, 0), 20);
		Duration computed;
		if (retry.scope() == SendOutcome.Scope.RECIPIENT) {
			computed = Duration.ofSeconds((long) Math.pow(4, Math.min(exponent, 6)));
		}
		else {
			long baseMillis = this.base.toMillis() << Math.min(exponent, 16);
			long capped = Math.min(baseMillis, this.max.toMillis());
			computed = Duration.ofMillis(capped / 2 + this.random.nextLong(capped / 2 + 1));
		}
		@Nullable Duration hinted = retry.retryAfter();
		return (hinted != null && hinted.compareTo(computed) > 0) ? hinted : computed;
	}

	/** Retry at a time, or give up with these details. */
	sealed interface Decision {

		record RetryAt(Instant at) implements Decision {
		}

		record GiveUp(String details) implements Decision {
		}

	}

}
