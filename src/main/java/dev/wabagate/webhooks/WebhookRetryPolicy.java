package dev.wabagate.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * When a webhook event whose delivery failed is tried again, and when an endpoint has
 * failed long enough to be disabled: pure rules, without a clock or a database, so they
 * are tested with fixed times.
 * <ul>
 * <li>after attempt n the event waits the schedule's n-th delay plus up to 20 % jitter,
 * so the retries of many events spread out;</li>
 * <li>the endpoint's {@code Retry-After}, capped at {@code retryAfterMax}, is a
 * floor;</li>
 * <li>an event whose attempts outnumber the schedule's delays is exhausted;</li>
 * <li>an endpoint whose every delivery failed for longer than {@code disableAfter} is
 * disabled.</li>
 * </ul>
 */
final class WebhookRetryPolicy {

	private final List<Duration> schedule;

	private final Duration retryAfterMax;

	private final Duration disableAfter;

	private final RandomGenerator random;

	WebhookRetryPolicy(List<Duration> schedule, Duration retryAfterMax, Duration disableAfter, RandomGenerator random) {
		this.schedule = List.copyOf(schedule);
		this.retryAfterMax = retryAfterMax;
		this.disableAfter = disableAfter;
		this.random = random;
	}

	/** What to do after attempt number {@code attempts} failed. */
	Decision afterFailure(int attempts, @Nullable Duration retryAfter, Instant now) {
		if (attempts > this.schedule.size()) {
			return new Decision.Exhausted();
		}
		return new Decision.RetryAt(now.plus(delay(attempts, retryAfter)));
	}

	Duration delay(int attempts, @Nullable Duration retryAfter) {
		Duration scheduled = this.schedule.get(Math.max(attempts, 1) - 1);
		Duration computed = scheduled.plusMillis(this.random.nextLong(scheduled.toMillis() / 5 + 1));
		if (retryAfter == null) {
			return computed;
		}
		Duration capped = (retryAfter.compareTo(this.retryAfterMax) > 0) ? this.retryAfterMax : retryAfter;
		return (capped.compareTo(computed) > 0) ? capped : computed;
	}

	/**
	 * Whether an endpoint failing without a success since {@code failingSince} is
	 * disabled.
	 */
	boolean disables(Instant failingSince, Instant now) {
		return failingSince.isBefore(now.minus(this.disableAfter));
	}

	/** Retry at a time, or give the event up. */
	sealed interface Decision {

		record RetryAt(Instant at) implements Decision {
		}

		record Exhausted() implements Decision {
		}

	}

}
