package dev.wabagate.messaging.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import dev.wabagate.upstream.SendOutcome;
import dev.wabagate.upstream.SendOutcome.Scope;

import static org.assertj.core.api.Assertions.assertThat;

/** The retry schedule and the give-up rule, at fixed times and with fixed jitter. */
class RetryPolicyTests {

	private static final Instant ACCEPTED = Instant.parse("2026-12-01T10:00:00Z");

	/** Jitter at its lowest: the delay is the lower half's end. */
	private static final RandomGenerator NO_JITTER = () -> 0L;

	/** Jitter at its highest. */
	private static final RandomGenerator FULL_JITTER = () -> -1L >>> 1;

	private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(10),
			Duration.ofHours(24), NO_JITTER);

	@Test
	void messageErrorsBackOffDoublingFromTheBaseWithJitterOverTheUpperHalf() {
		SendOutcome.RetryLater error = retry(Scope.MESSAGE, null);
		assertThat(this.policy.backoff(1, error)).isEqualTo(Duration.ofMillis(500));
		assertThat(this.policy.backoff(2, error)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.policy.backoff(3, error)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.policy.backoff(4, error)).isEqualTo(Duration.ofSeconds(4));
		RetryPolicy jittered = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofHours(24),
				FULL_JITTER);
		Duration highest = jittered.backoff(3, error);
		assertThat(highest).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
	}

	@Test
	void theBackoffIsCappedAtTheMaximum() {
		assertThat(this.policy.backoff(30, retry(Scope.MESSAGE, null))).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void pairRateErrorsBackOffFourToTheNSeconds() {
		SendOutcome.RetryLater pairRate = retry(Scope.RECIPIENT, null);
		assertThat(this.policy.backoff(1, pairRate)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.policy.backoff(2, pairRate)).isEqualTo(Duration.ofSeconds(4));
		assertThat(this.policy.backoff(3, pairRate)).isEqualTo(Duration.ofSeconds(16));
		assertThat(this.policy.backoff(10, pairRate)).isEqualTo(Duration.ofSeconds(4096));
	}

	@Test
	void theProvidersRetryAfterIsAFloor() {
		assertThat(this.policy.backoff(1, retry(Scope.CHANNEL, Duration.ofSeconds(30))))
			.isEqualTo(Duration.ofSeconds(30));
		assertThat(this.policy.backoff(5, retry(Scope.MESSAGE, Duration.ofMillis(10))))
			.isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void aMessageIsRetriedUntilItsNextAttemptWouldComeAfterTheGiveUpAge() {
		SendOutcome.RetryLater error = retry(Scope.MESSAGE, null);
		Instant now = ACCEPTED.plus(Duration.ofHours(23));
		assertThat(this.policy.afterFailure(4, error, ACCEPTED, now))
			.isEqualTo(new RetryPolicy.Decision.RetryAt(now.plusSeconds(4)));

		Instant late = ACCEPTED.plus(Duration.ofHours(24)).minusSeconds(3);
		RetryPolicy.Decision decision = this.policy.afterFailure(4, error, ACCEPTED, late);
		assertThat(decision).isInstanceOf(RetryPolicy.Decision.GiveUp.class);
		assertThat(((RetryPolicy.Decision.GiveUp) decision).details())
			.isEqualTo("Not sent after 4 attempts within PT24H; last error 131000 Something went wrong");
	}

	private static SendOutcome.RetryLater retry(Scope scope, Duration retryAfter) {
		return new SendOutcome.RetryLater(131000, "Something went wrong", scope, retryAfter, false);
	}

}
