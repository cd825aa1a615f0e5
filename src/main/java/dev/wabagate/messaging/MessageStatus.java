package dev.wabagate.messaging;

import java.util.Locale;

/**
 * A message's lifecycle. Statuses only move forward: a late {@code delivered} never
 * replaces {@code read}, and {@code failed} cannot follow {@code delivered} or
 * {@code read}.
 */
public enum MessageStatus {

	ACCEPTED(0), SENT(1), DELIVERED(2), READ(3), FAILED(4);

	private final int rank;

	MessageStatus(int rank) {
		this.rank = rank;
	}

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static MessageStatus fromWire(String status) {
		return valueOf(status.toUpperCase(Locale.ROOT));
	}

	public boolean isFinal() {
		return this == READ || this == FAILED;
	}

	/** Whether a message in this status may move to {@code next}. */
	public boolean canMoveTo(MessageStatus next) {
		if (next == FAILED) {
			return this == ACCEPTED || this == SENT;
		}
		return this != FAILED && next.rank > this.rank;
	}

}
