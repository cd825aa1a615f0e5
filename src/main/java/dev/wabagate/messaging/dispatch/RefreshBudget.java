package dev.wabagate.messaging.dispatch;

import java.time.Duration;
import java.time.Instant;

/**
 * When a periodic refresh may run again: once its last run's duration times
 * {@code idleFactor} has passed since that run ended, so that it takes at most
 * {@code 1 / (idleFactor + 1)} of the time, however long it grows (counting a queue of
 * millions). Used from one scheduler thread.
 */
final class RefreshBudget {

	private final long idleFactor;

	private Instant notBefore = Instant.MIN;

	RefreshBudget(long idleFactor) {
		this.idleFactor = idleFactor;
	}

	boolean allows(Instant now) {
		return !now.isBefore(this.notBefore);
	}

	void ran(Instant started, Instant finished) {
		this.notBefore = finished.plus(Duration.between(started, finished).multipliedBy(this.idleFactor));
	}

}
