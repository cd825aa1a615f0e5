package dev.wabagate.messaging;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.springframework.modulith.NamedInterface;

/**
 * A message's lifecycle. Statuses only move forward: a late {@code delivered} never
 * replaces {@code read}, and {@code failed} cannot follow {@code delivered} or
 * {@code read}.
 */
@NamedInterface("events")
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

	/**
	 * This status with the ones it implies: on WhatsApp a {@code read} implies
	 * {@code delivered}, which implies {@code sent}.
	 */
	public List<MessageStatus> withImpliedPredecessors() {
		if (this == ACCEPTED || this == FAILED) {
			return List.of(this);
		}
		return Arrays.stream(values())
			.filter((status) -> status.rank >= SENT.rank && status.rank <= this.rank)
			.toList();
	}

	/** Whether a message in this status may move to {@code next}. */
	public boolean canMoveTo(MessageStatus next) {
		if (next == FAILED) {
			return this == ACCEPTED || this == SENT;
		}
		return this != FAILED && next.rank > this.rank;
	}

}
