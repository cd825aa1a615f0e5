package dev.wabagate.messaging.dispatch;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.wabagate.messaging.dispatch.ChannelPacer.Pace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Slot reservation and AIMD on a channel's shared pacing state, at fixed times (epoch
 * microseconds).
 */
class ChannelPaceTests {

	private static final long NOW = 1_000_000_000_000L;

	private static final long SECOND = 1_000_000L;

	private static final Duration RECOVERY = Duration.ofSeconds(20);

	private static final Pace IDLE = new Pace(NOW - 5 * SECOND, 20, NOW - 5 * SECOND, 0);

	@Test
	void slotsAreOneIntervalApartFromNowWhenTheChannelIsIdle() {
		Pace.Reservation reservation = IDLE.reserve(20, 5, NOW, SECOND, RECOVERY);
		assertThat(reservation.slots().count()).isEqualTo(5);
		assertThat(reservation.slots().firstMicros()).isEqualTo(NOW);
		assertThat(reservation.slots().intervalMicros()).isEqualTo(50_000.0);
		assertThat(reservation.after().nextSlotMicros()).isEqualTo(NOW + 5 * 50_000);
	}

	@Test
	void noMoreSlotsThanFitInTheHorizonAreGrantedAndTheNextReservationContinuesAfterThem() {
		Pace.Reservation first = IDLE.reserve(20, 200, NOW, SECOND, RECOVERY);
		assertThat(first.slots().count()).isEqualTo(21);
		Pace.Reservation second = first.after().reserve(20, 200, NOW + 10_000, SECOND, RECOVERY);
		assertThat(second.slots().firstMicros()).isEqualTo(first.after().nextSlotMicros());
		assertThat(second.slots().count()).as("the horizon is full: one slot only").isEqualTo(1);
	}

	@Test
	void everyReservationOfAChannelTogetherNeverExceedsItsLimit() {
		Pace pace = IDLE;
		long now = NOW;
		long slots = 0;
		long lastSlot = 0;
		for (int poll = 0; poll < 200; poll++, now += 50_000) {
			Pace.Reservation reservation = pace.reserve(20, 7, now, SECOND, RECOVERY);
			pace = reservation.after();
			slots += reservation.slots().count();
			lastSlot = reservation.slots().firstMicros()
					+ Math.round((reservation.slots().count() - 1) * reservation.slots().intervalMicros());
		}
		double seconds = (lastSlot - NOW) / (double) SECOND;
		assertThat((slots - 1) / seconds).isCloseTo(20.0, within(0.01));
	}

	@Test
	void aThroughputErrorHalvesTheRatePausesTheChannelAndTheRateClimbsBackLinearly() {
		Pace throttled = IDLE.throttle(20, NOW, 2 * SECOND, RECOVERY);
		assertThat(throttled.rateMps()).isEqualTo(10.0);
		assertThat(throttled.nextSlotMicros()).isEqualTo(NOW + 2 * SECOND);
		assertThat(throttled.rateAt(NOW + 10 * SECOND, 20, RECOVERY)).isEqualTo(20.0);
		assertThat(throttled.rateAt(NOW + 5 * SECOND, 20, RECOVERY)).isEqualTo(15.0);
		assertThat(throttled.rateAt(NOW + 60 * SECOND, 20, RECOVERY)).as("never above the limit").isEqualTo(20.0);

		Pace.Reservation resumed = throttled.reserve(20, 10, NOW + 2 * SECOND, SECOND, RECOVERY);
		assertThat(resumed.slots().firstMicros()).as("nothing before the pause ends").isEqualTo(NOW + 2 * SECOND);
		assertThat(resumed.slots().intervalMicros()).isCloseTo(1_000_000 / 12.0, within(0.5));
	}

	@Test
	void throughputErrorsWithinASecondAnswerOneOvershootAndHalveOnce() {
		Pace once = IDLE.throttle(20, NOW, SECOND, RECOVERY);
		Pace again = once.throttle(20, NOW + 300_000, SECOND, RECOVERY);
		assertThat(again.rateMps()).isCloseTo(10.3, within(0.01));
		Pace later = once.throttle(20, NOW + 2 * SECOND, SECOND, RECOVERY);
		assertThat(later.rateMps()).isEqualTo(6.0);
	}

	@Test
	void theRateNeverFallsBelowOneMessageASecond() {
		Pace pace = IDLE;
		for (int i = 0; i < 20; i++) {
			pace = pace.throttle(20, NOW + i * 2 * SECOND, SECOND, Duration.ofDays(365));
		}
		assertThat(pace.rateMps()).isEqualTo(1.0);
	}

	@Test
	void aRecoveredChannelForgetsItsThrottle() {
		Pace throttled = IDLE.throttle(20, NOW, SECOND, RECOVERY);
		Pace.Reservation recovered = throttled.reserve(20, 1, NOW + 30 * SECOND, SECOND, RECOVERY);
		assertThat(recovered.after().throttledAtMicros()).isZero();
		assertThat(recovered.after().rateMps()).isEqualTo(20.0);
	}

}
