package dev.wabagate.messaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.wabagate.messaging.MessageLifecycle.Step;

/**
 * When a message reached each status, kept on its row (ADR 0030): statuses only move
 * forward, so each happens at most once and its time is a column of {@code messages}
 * ({@code sent_at}, {@code delivered_at}, {@code read_at}, {@code failed_at}; accepted is
 * {@code created_at}), set by the update that moves the message and never overwritten.
 * {@code error_status} names the status whose report carried the row's error. The message
 * view's history is read back from these columns in the lattice's order.
 */
final class StatusTimes {

	/** The statuses with a column of their own, in the lattice's order. */
	private static final List<MessageStatus> TIMED = Arrays.stream(MessageStatus.values())
		.filter((status) -> status != MessageStatus.ACCEPTED)
		.toList();

	/**
	 * The assignments an update that moves a message adds, one parameter per column in
	 * {@link #TIMED} order: a column already set keeps its time, so a duplicate or late
	 * report changes nothing.
	 */
	static final String SET_ONCE = TIMED.stream()
		.map((status) -> column(status) + " = coalesce(" + column(status) + ", ?)")
		.collect(Collectors.joining(", "));

	/** The SQL types of {@link #SET_ONCE}'s parameters. */
	static final int[] TYPES = TIMED.stream().mapToInt((status) -> Types.TIMESTAMP).toArray();

	/**
	 * The columns {@link #history} reads besides the message's {@code error_code} and
	 * {@code error_title}.
	 */
	static final String COLUMNS = TIMED.stream().map(StatusTimes::column).collect(Collectors.joining(", "))
			+ ", error_status";

	private StatusTimes() {
	}

	private static String column(MessageStatus status) {
		return status.wireName() + "_at";
	}

	/** The parameters of {@link #SET_ONCE} for a move through these steps. */
	static @Nullable Timestamp[] of(List<Step> steps) {
		@Nullable Timestamp[] times = new Timestamp[TIMED.size()];
		for (Step step : steps) {
			int index = TIMED.indexOf(step.status());
			if (index >= 0 && times[index] == null) {
				times[index] = Timestamp.from(step.at());
			}
		}
		return times;
	}

	/**
	 * The status whose error a move through these steps leaves on the row (the last step
	 * that carries one, as the row's error columns keep the last error reported), or null
	 * when none of them carries one.
	 */
	static @Nullable String errorStatus(List<Step> steps) {
		String status = null;
		for (Step step : steps) {
			if (step.errorCode() != null || step.errorTitle() != null) {
				status = step.status().wireName();
			}
		}
		return status;
	}

	/**
	 * A message's history from its row: {@code accepted} at its creation, then each
	 * status it reached in the lattice's order, the row's error on the status that
	 * carried it.
	 * @param rs positioned on a message whose {@link #COLUMNS}, {@code error_code} and
	 * {@code error_title} were selected
	 */
	static List<MessageView.StatusChange> history(Instant createdAt, ResultSet rs) throws SQLException {
		String errorStatus = rs.getString("error_status");
		Integer errorCode = (Integer) rs.getObject("error_code");
		String errorTitle = rs.getString("error_title");
		List<MessageView.StatusChange> history = new ArrayList<>(TIMED.size() + 1);
		history.add(change(MessageStatus.ACCEPTED, createdAt, errorStatus, errorCode, errorTitle));
		for (MessageStatus status : TIMED) {
			Timestamp at = rs.getTimestamp(column(status));
			if (at != null) {
				history.add(change(status, at.toInstant(), errorStatus, errorCode, errorTitle));
			}
		}
		return history;
	}

	private static MessageView.StatusChange change(MessageStatus status, Instant at, @Nullable String errorStatus,
			@Nullable Integer errorCode, @Nullable String errorTitle) {
		boolean carriesError = status.wireName().equals(errorStatus);
		return new MessageView.StatusChange(status.wireName(), at, carriesError ? errorCode : null,
				carriesError ? errorTitle : null);
	}

}
