package dev.wabagate.messaging;

import java.sql.Timestamp;
import java.time.Instant;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.micrometer.core.instrument.MeterRegistry;

import dev.wabagate.upstream.UpstreamStatus;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place a message's status changes: it enforces forward-only moves, keeps the
 * history, and publishes {@link MessageStatusChanged} in the same transaction.
 */
@Component
public class MessageLifecycle {

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final MeterRegistry meters;

	MessageLifecycle(JdbcClient jdbc, ApplicationEventPublisher events, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.events = events;
		this.meters = meters;
	}

	/**
	 * Moves a message to {@code next} if that is a forward move, recording first the
	 * statuses {@code next} implies and the message has not reached: providers report out
	 * of order (a {@code read} can arrive before its {@code sent}), and the history and
	 * the business's webhook should still show every step once, in order.
	 * @return whether the status changed
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean advance(String messageId, MessageStatus next, Instant at, @Nullable Integer errorCode,
			@Nullable String errorTitle, @Nullable String errorDetails) {
		MessageStatus current = this.jdbc.sql("select status from messages where id = ?")
			.param(messageId)
			.query((rs, i) -> MessageStatus.fromWire(rs.getString(1)))
			.optional()
			.orElse(null);
		if (current == null || !current.canMoveTo(next)) {
			return false;
		}
		boolean changed = false;
		for (MessageStatus step : next.withImpliedPredecessors()) {
			if (step == next) {
				changed |= advanceOne(messageId, step, at, errorCode, errorTitle, errorDetails);
			}
			else if (current.canMoveTo(step)) {
				changed |= advanceOne(messageId, step, at, null, null, null);
			}
		}
		return changed;
	}

	private boolean advanceOne(String messageId, MessageStatus next, Instant at, @Nullable Integer errorCode,
			@Nullable String errorTitle, @Nullable String errorDetails) {
		// A conditional update, so concurrent reports (delivered and read on two nodes)
		// cannot
		// both win: the database applies them one after the other and the later check
		// fails.
		List<String> predecessors = Arrays.stream(MessageStatus.values())
			.filter((status) -> status.canMoveTo(next))
			.map(MessageStatus::wireName)
			.toList();
		int changed = this.jdbc.sql("""
				update messages set status = :next, updated_at = :at, error_code = coalesce(:code, error_code),
				    error_title = coalesce(:title, error_title), error_details = coalesce(:details, error_details)
				where id = :id and status in (:predecessors)""")
			.param("next", next.wireName())
			.param("at", Timestamp.from(at))
			.param("code", errorCode, Types.INTEGER)
			.param("title", errorTitle, Types.VARCHAR)
			.param("details", errorDetails, Types.VARCHAR)
			.param("id", messageId)
			.param("predecessors", predecessors)
			.update();
		if (changed == 0) {
			return false;
		}
		Facts facts = this.jdbc.sql("""
				select m.channel_id, c.account_id, m.recipient, m.upstream_id, m.biz_opaque_callback_data
				from messages m join channels c on c.id = m.channel_id where m.id = ?""")
			.param(messageId)
			.query((rs, i) -> new Facts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5)))
			.single();
		recordHistory(messageId, next, at, errorCode, errorTitle);
		this.events
			.publishEvent(new MessageStatusChanged(messageId, facts.channelId(), facts.accountId(), facts.recipient(),
					next, at, facts.upstreamId(), errorCode, errorTitle, errorDetails, facts.bizOpaqueCallbackData()));
		this.meters
			.counter("wabagate.messages.status", "status", next.wireName(), "code",
					(errorCode != null) ? errorCode.toString() : "none")
			.increment();
		return true;
	}

	/**
	 * Records the provider's id of a message it accepted, then applies the statuses the
	 * provider reported before this record existed.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordUpstreamId(String messageId, String channelId, String upstreamId, Instant at) {
		this.jdbc.sql("update messages set upstream_id = ?, updated_at = ? where id = ?")
			.params(upstreamId, Timestamp.from(at), messageId)
			.update();
		applyEarlyStatuses(messageId, channelId, upstreamId);
	}

	/** Applies a provider's status report to the message it names. */
	@Transactional(propagation = Propagation.MANDATORY)
	void apply(String messageId, UpstreamStatus status) {
		MessageStatus next;
		try {
			next = MessageStatus.fromWire(status.status());
		}
		catch (IllegalArgumentException ex) {
			// Statuses Wabagate does not track (e.g. "played", "deleted") change nothing.
			return;
		}
		advance(messageId, next, status.timestamp(), status.errorCode(), status.errorTitle(), status.errorDetails());
	}

	/**
	 * Applies, in order, the kept statuses of a message; each is claimed by deleting it.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void applyEarlyStatuses(String messageId, String channelId, String upstreamId) {
		this.jdbc.sql("""
				select id, status, occurred_at, error_code, error_title, error_details from early_statuses
				where upstream_id = ? and channel_id = ? order by occurred_at, id""")
			.params(upstreamId, channelId)
			.query((rs, i) -> new KeptStatus(rs.getLong(1),
					new UpstreamStatus(channelId, upstreamId, rs.getString(2), rs.getTimestamp(3).toInstant(),
							(Integer) rs.getObject(4), rs.getString(5), rs.getString(6))))
			.list()
			.stream()
			.filter((kept) -> this.jdbc.sql("delete from early_statuses where id = ?").param(kept.id()).update() == 1)
			.forEach((kept) -> apply(messageId, kept.status()));
	}

	private record KeptStatus(long id, UpstreamStatus status) {
	}

	void recordHistory(String messageId, MessageStatus status, Instant at, @Nullable Integer errorCode,
			@Nullable String errorTitle) {
		this.jdbc.sql("""
				insert into message_status_history (message_id, status, occurred_at, error_code, error_title)
				values (?, ?, ?, ?, ?)""")
			.params(messageId, status.wireName(), Timestamp.from(at), errorCode, errorTitle)
			.update();
	}

	private record Facts(String channelId, String accountId, String recipient, @Nullable String upstreamId,
			@Nullable String bizOpaqueCallbackData) {
	}

}
