package dev.wabagate.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import dev.wabagate.webhooks.WebhookRetryPolicy.Decision;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook retry schedule, exhaustion and the disable rule, at fixed times and jitter.
 */
class WebhookRetryPolicyTests {

	private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

	private static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
			Duration.ofMinutes(30));

	/** Jitter at its lowest. */
	private static final RandomGenerator NO_JITTER = () -> 0L;

	/** Jitter at its highest: the bounded draw answers bound - 1. */
	private static final RandomGenerator FULL_JITTER = new RandomGenerator() {
		@Override
		public long nextLong() {
			return 0L;
		}

		@Override
		public long nextLong(long bound) {
			return bound - 1;
		}
	};

	private final WebhookRetryPolicy policy = new WebhookRetryPolicy(SCHEDULE, Duration.ofHours(1), Duration.ofDays(5),
			NO_JITTER);

	@Test
	void theNthFailedAttemptWaitsTheSchedulesNthDelay() {
		assertThat(this.policy.afterFailure(1, null, NOW)).isEqualTo(new Decision.RetryAt(NOW.plusSeconds(5)));
		assertThat(this.policy.afterFailure(2, null, NOW)).isEqualTo(new Decision.RetryAt(NOW.plusSeconds(300)));
		assertThat(this.policy.afterFailure(3, null, NOW)).isEqualTo(new Decision.RetryAt(NOW.plusSeconds(1800)));
	}

	@Test
	void jitterAddsAtMostAFifthOfTheDelay() {
		WebhookRetryPolicy jittered = new WebhookRetryPolicy(SCHEDULE, Duration.ofHours(1), Duration.ofDays(5),
				FULL_JITTER);
		assertThat(jittered.delay(1, null)).isEqualTo(Duration.ofSeconds(6));
		assertThat(jittered.delay(2, null)).isEqualTo(Duration.ofSeconds(360));
	}

	@Test
	void anEventIsExhaustedOnceItsAttemptsOutnumberTheSchedule() {
		assertThat(this.policy.afterFailure(4, null, NOW)).isEqualTo(new Decision.Exhausted());
		assertThat(this.policy.afterFailure(9, Duration.ofSeconds(1), NOW)).isEqualTo(new Decision.Exhausted());
	}

	@Test
	void theEndpointsRetryAfterIsAFloorCappedAtItsMaximum() {
		assertThat(this.policy.delay(1, Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(90));
		assertThat(this.policy.delay(1, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(5));
		assertThat(this.policy.delay(1, Duration.ofDays(2))).isEqualTo(Duration.ofHours(1));
		assertThat(this.policy.delay(3, Duration.ofDays(2))).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void anEndpointFailingLongerThanDisableAfterIsDisabled() {
		assertThat(this.policy.disables(NOW.minus(Duration.ofDays(5)).minusSeconds(1), NOW)).isTrue();
		assertThat(this.policy.disables(NOW.minus(Duration.ofDays(5)), NOW)).isFalse();
		assertThat(this.policy.disables(NOW.minusSeconds(10), NOW)).isFalse();
	}

}
