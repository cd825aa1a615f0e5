package dev.wabagate.messaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wabagate.upstream.UpstreamStatus;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
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

	private static final Logger log = LoggerFactory.getLogger(MessageLifecycle.class);

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	private final ApplicationEventPublisher events;

	private final MeterRegistry meters;

	MessageLifecycle(JdbcClient jdbc, JdbcTemplate batches, ApplicationEventPublisher events, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.batches = batches;
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
		return this.jdbc.sql(FACTS_QUERY + " where m.id = ?")
			.param(messageId)
			.query(Facts::of)
			.optional()
			.map((facts) -> advance(facts, next, at, errorCode, errorTitle, errorDetails))
			.orElse(false);
	}

	/**
	 * Finds messages by the provider's ids of them, with what a status change publishes:
	 * a batch of status reports costs one read before the updates.
	 */
	Map<String, Facts> findByUpstreamIds(String channelId, Collection<String> upstreamIds) {
		return this.jdbc.sql(FACTS_QUERY + " where m.upstream_id in (:ids) and m.channel_id = :channel")
			.param("ids", upstreamIds)
			.param("channel", channelId)
			.query(Facts::of)
			.list()
			.stream()
			.collect(Collectors.toMap(Facts::upstreamId, Function.identity(), (first, second) -> first));
	}

	private boolean advance(Facts facts, MessageStatus next, Instant at, @Nullable Integer errorCode,
			@Nullable String errorTitle, @Nullable String errorDetails) {
		return advanceFrom(facts, next, at, errorCode, errorTitle, errorDetails) != Reached.NOTHING;
	}

	/** How far a move got: nothing, some implied status only, or the status asked for. */
	private enum Reached {

		NOTHING, IMPLIED_ONLY, NEXT

	}

	private Reached advanceFrom(Facts facts, MessageStatus next, Instant at, @Nullable Integer errorCode,
			@Nullable String errorTitle, @Nullable String errorDetails) {
		MessageStatus current = facts.status();
		if (!current.canMoveTo(next)) {
			return Reached.NOTHING;
		}
		Reached reached = Reached.NOTHING;
		for (MessageStatus step : next.withImpliedPredecessors()) {
			if (step == next) {
				if (advanceOne(facts, step, at, errorCode, errorTitle, errorDetails)) {
					reached = Reached.NEXT;
				}
			}
			else if (current.canMoveTo(step) && advanceOne(facts, step, at, null, null, null)) {
				reached = Reached.IMPLIED_ONLY;
			}
		}
		return reached;
	}

	private boolean advanceOne(Facts facts, MessageStatus next, Instant at, @Nullable Integer errorCode,
			@Nullable String errorTitle, @Nullable String errorDetails) {
		// A conditional update, so concurrent reports (delivered and read on two nodes)
		// cannot both win: the database applies them one after the other and the later
		// check fails.
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
			.param("id", facts.messageId())
			.param("predecessors", predecessors)
			.update();
		if (changed == 0) {
			return false;
		}
		recordHistory(facts.messageId(), next, at, errorCode, errorTitle);
		publish(new MessageStatusChanged(facts.messageId(), facts.channelId(), facts.accountId(), facts.recipient(),
				next, at, facts.upstreamId(), errorCode, errorTitle, errorDetails, facts.bizOpaqueCallbackData()));
		this.meters
			.counter("wabagate.messages.status", "status", next.wireName(), "code",
					(errorCode != null) ? errorCode.toString() : "none")
			.increment();
		return true;
	}

	/**
	 * Publishes a status change to its listeners, which write in this transaction (the
	 * webhook outbox). A listener that fails on anything but the database does not undo
	 * the change: the change is a fact (often a send the provider already accepted), and
	 * rolling it back would send the message to WhatsApp again after its lease (ADR
	 * 0009). A database failure still fails the transaction, which the database has
	 * aborted anyway.
	 */
	private void publish(MessageStatusChanged change) {
		try {
			this.events.publishEvent(change);
		}
		catch (DataAccessException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			log.error("A listener of the status change of {} to {} failed; the change stands, the listener's work "
					+ "for it is lost", change.messageId(), change.status().wireName(), ex);
			this.meters.counter("wabagate.messages.status.listener_failures").increment();
		}
	}

	/** Records the provider's ids of messages it accepted, in one statement batch. */
	@Transactional(propagation = Propagation.MANDATORY)
	void recordUpstreamIds(List<AcceptedUpstream> accepted, Instant at) {
		Timestamp updatedAt = Timestamp.from(at);
		this.batches.batchUpdate("update messages set upstream_id = ?, updated_at = ? where id = ?",
				accepted.stream().map((one) -> new Object[] { one.upstreamId(), updatedAt, one.messageId() }).toList());
	}

	/** A message the provider accepted, with the id the provider gave it. */
	public record AcceptedUpstream(String messageId, String channelId, String upstreamId) {
	}

	/** Applies a provider's status report to the message it names. */
	@Transactional(propagation = Propagation.MANDATORY)
	void apply(String messageId, UpstreamStatus status) {
		advance(messageId, statusOf(status), status.timestamp(), status.errorCode(), status.errorTitle(),
				status.errorDetails());
	}

	/**
	 * Applies a provider's status report to the message found with
	 * {@link #findByUpstreamIds}.
	 * @return the message after the report: its status moves on only when the report's
	 * status was reached (a concurrent change leaves it as it was read, which the
	 * conditional updates of later reports still guard)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	Facts apply(Facts message, UpstreamStatus status) {
		MessageStatus next = statusOf(status);
		if (advanceFrom(message, next, status.timestamp(), status.errorCode(), status.errorTitle(),
				status.errorDetails()) != Reached.NEXT) {
			return message;
		}
		return message.withStatus(next);
	}

	private static MessageStatus statusOf(UpstreamStatus status) {
		return switch (status.kind()) {
			case SENT -> MessageStatus.SENT;
			case DELIVERED -> MessageStatus.DELIVERED;
			case READ -> MessageStatus.READ;
			case FAILED -> MessageStatus.FAILED;
		};
	}

	void recordHistory(String messageId, MessageStatus status, Instant at, @Nullable Integer errorCode,
			@Nullable String errorTitle) {
		this.jdbc.sql("""
				insert into message_status_history (message_id, status, occurred_at, error_code, error_title)
				values (?, ?, ?, ?, ?)""")
			.params(messageId, status.wireName(), Timestamp.from(at), errorCode, errorTitle)
			.update();
	}

	private static final String FACTS_QUERY = """
			select m.id, m.status, m.channel_id, m.account_id, m.recipient, m.upstream_id, m.biz_opaque_callback_data
			from messages m""";

	/** A message's status and what its status changes publish. */
	record Facts(String messageId, MessageStatus status, String channelId, String accountId, String recipient,
			@Nullable String upstreamId, @Nullable String bizOpaqueCallbackData) {

		static Facts of(ResultSet rs, int row) throws SQLException {
			return new Facts(rs.getString(1), MessageStatus.fromWire(rs.getString(2)), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getString(6), rs.getString(7));
		}

		Facts withStatus(MessageStatus moved) {
			return new Facts(this.messageId, moved, this.channelId, this.accountId, this.recipient, this.upstreamId,
					this.bizOpaqueCallbackData);
		}

	}

}
