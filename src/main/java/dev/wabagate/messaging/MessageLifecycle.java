package dev.wabagate.messaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wabagate.upstream.UpstreamStatus;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place a message's status changes: it enforces forward-only moves, records when
 * the message reached each status on its row ({@link StatusTimes}) in the update that
 * moves it, and publishes {@link MessageStatusChanged} in the same transaction.
 */
@Component
public class MessageLifecycle {

	private static final Logger log = LoggerFactory.getLogger(MessageLifecycle.class);

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	private final ApplicationEventPublisher events;

	private final MeterRegistry meters;

	/**
	 * The status counters by status and error code: looked up once, not per change (a
	 * registry lookup builds and sorts the tags).
	 */
	private final Map<MessageStatus, Counter> statusCountersWithoutError = new ConcurrentHashMap<>();

	private final Map<StatusWithError, Counter> statusCounters = new ConcurrentHashMap<>();

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
		return this.jdbc.sql(FIND_BY_ID)
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
		// The channel condition is safe here: no index of message_upstream_ids
		// could lead the planner away from the upstream id's. On messages one did:
		// it walked a channel's millions of messages (229 ms a batch).
		Map<String, Facts> found = new HashMap<>();
		this.jdbc.sql(FIND_BY_UPSTREAM_IDS)
			.params(new SqlArrayValue("varchar", (Object[]) upstreamIds.toArray(new String[0])), channelId)
			.query((RowCallbackHandler) (rs) -> {
				Facts facts = Facts.of(rs, 0);
				found.putIfAbsent(facts.upstreamId(), facts);
			});
		return found;
	}

	private boolean advance(Facts facts, MessageStatus next, Instant at, @Nullable Integer errorCode,
			@Nullable String errorTitle, @Nullable String errorDetails) {
		MessageStatus current = facts.status();
		if (!current.canMoveTo(next)) {
			return false;
		}
		boolean moved = false;
		for (MessageStatus step : next.withImpliedPredecessors()) {
			if (step == next) {
				moved |= advanceOne(facts, new Step(step, at, errorCode, errorTitle, errorDetails));
			}
			else if (current.canMoveTo(step)) {
				moved |= advanceOne(facts, new Step(step, at, null, null, null));
			}
		}
		return moved;
	}

	private boolean advanceOne(Facts facts, Step step) {
		// A conditional update, so concurrent reports (delivered and read on two nodes)
		// cannot both win: the database applies them one after the other and the later
		// check fails.
		Object[] predecessors = Arrays.stream(MessageStatus.values())
			.filter((status) -> status.canMoveTo(step.status()))
			.map(MessageStatus::wireName)
			.toArray();
		int changed = this.batches.update(MOVE + " where id = ? and status = any(?)",
				moveArguments(List.of(step), facts.messageId(), new SqlArrayValue("varchar", predecessors)),
				MOVE_TYPES);
		if (changed == 0) {
			return false;
		}
		published(facts, step.status(), step.at(), step.errorCode(), step.errorTitle(), step.errorDetails());
		return true;
	}

	/** Tells the listeners, and the status counters, about a change just written. */
	private void published(Facts facts, MessageStatus next, Instant at, @Nullable Integer errorCode,
			@Nullable String errorTitle, @Nullable String errorDetails) {
		publish(new MessageStatusChanged(facts.messageId(), facts.channelId(), facts.accountId(), facts.recipient(),
				next, at, facts.upstreamId(), errorCode, errorTitle, errorDetails, facts.bizOpaqueCallbackData()));
		statusCounter(next, errorCode).increment();
	}

	private Counter statusCounter(MessageStatus status, @Nullable Integer errorCode) {
		if (errorCode == null) {
			return this.statusCountersWithoutError.computeIfAbsent(status, (key) -> newStatusCounter(status, "none"));
		}
		return this.statusCounters.computeIfAbsent(new StatusWithError(status, errorCode),
				(key) -> newStatusCounter(status, errorCode.toString()));
	}

	private Counter newStatusCounter(MessageStatus status, String code) {
		return this.meters.counter("wabagate.messages.status", "status", status.wireName(), "code", code);
	}

	private record StatusWithError(MessageStatus status, int errorCode) {
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

	/**
	 * Records the provider's ids of messages it accepted, in one insert: beside the
	 * message, not on its row, whose update could not be HOT (V35).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void recordUpstreamIds(List<AcceptedUpstream> accepted) {
		int size = accepted.size();
		String[] messageIds = new String[size];
		String[] upstreamIds = new String[size];
		String[] channelIds = new String[size];
		for (int i = 0; i < size; i++) {
			AcceptedUpstream one = accepted.get(i);
			messageIds[i] = one.messageId();
			upstreamIds[i] = one.upstreamId();
			channelIds[i] = one.channelId();
		}
		this.jdbc.sql(INSERT_UPSTREAM_IDS)
			.params(new SqlArrayValue("varchar", (Object[]) messageIds),
					new SqlArrayValue("varchar", (Object[]) upstreamIds),
					new SqlArrayValue("varchar", (Object[]) channelIds))
			.update();
	}

	private static final String INSERT_UPSTREAM_IDS = """
			insert into message_upstream_ids (message_id, upstream_id, channel_id)
			select r.message_id, r.upstream_id, r.channel_id
			from unnest(cast(? as varchar array), cast(? as varchar array), cast(? as varchar array))
			    as r (message_id, upstream_id, channel_id)""";

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
	 * Applies providers' reports to messages found with {@link #findByUpstreamIds}, each
	 * message's reports in their order: one batched update moves every message to the
	 * last status its reports reach and sets the time of each step on the way, and each
	 * step is published, so a message's sent, delivered and read reported together cost
	 * one update. Each update is conditional on the status the message was read with; a
	 * message that changed meanwhile (another node's report) has its reports applied one
	 * by one against what it is now.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void applyAll(List<Reported> reported) {
		List<Moved> moved = new ArrayList<>();
		for (Reported one : reported) {
			List<Step> steps = steps(one.message().status(), one.reports());
			if (!steps.isEmpty()) {
				moved.add(new Moved(one, steps));
			}
		}
		if (moved.isEmpty()) {
			return;
		}
		int[] changed = this.batches.batchUpdate(MOVE + " where id = ? and status = ?",
				moved.stream().map(Moved::updateArguments).toList(), MOVE_TYPES);
		List<Moved> applied = new ArrayList<>(moved.size());
		List<Reported> raced = new ArrayList<>();
		for (int i = 0; i < moved.size(); i++) {
			if (changed[i] == 1 || changed[i] == Statement.SUCCESS_NO_INFO) {
				applied.add(moved.get(i));
			}
			else {
				raced.add(moved.get(i).reported());
			}
		}
		if (applied.isEmpty()) {
			raced.forEach(this::applyOneByOne);
			return;
		}
		for (Moved one : applied) {
			Facts facts = one.reported().message();
			for (Step step : one.steps()) {
				published(facts, step.status(), step.at(), step.errorCode(), step.errorTitle(), step.errorDetails());
			}
		}
		raced.forEach(this::applyOneByOne);
	}

	private void applyOneByOne(Reported raced) {
		raced.reports().forEach((report) -> apply(raced.message().messageId(), report));
	}

	/**
	 * The statuses a message in {@code from} goes through for these reports, in order:
	 * each report's status with the ones it implies that the message has not reached, and
	 * nothing for a report that would move it backwards.
	 */
	static List<Step> steps(MessageStatus from, List<UpstreamStatus> reports) {
		List<Step> steps = new ArrayList<>();
		MessageStatus reached = from;
		for (UpstreamStatus report : reports) {
			MessageStatus next = statusOf(report);
			for (MessageStatus step : next.withImpliedPredecessors()) {
				if (!reached.canMoveTo(step)) {
					continue;
				}
				steps.add((step == next) ? new Step(step, report.timestamp(), report.errorCode(), report.errorTitle(),
						report.errorDetails()) : new Step(step, report.timestamp(), null, null, null));
				reached = step;
			}
		}
		return steps;
	}

	/** One message as read, and the reports that name it, in their order. */
	record Reported(Facts message, List<UpstreamStatus> reports) {
	}

	/** One status a message moves to. */
	record Step(MessageStatus status, Instant at, @Nullable Integer errorCode, @Nullable String errorTitle,
			@Nullable String errorDetails) {
	}

	private record Moved(Reported reported, List<Step> steps) {

		Object[] updateArguments() {
			return moveArguments(this.steps, this.reported.message().messageId(),
					this.reported.message().status().wireName());
		}

	}

	/**
	 * The update that moves a message through steps: to the last of them, keeping the
	 * last error they carry and setting each step's time ({@link StatusTimes#SET_ONCE});
	 * callers append the condition on the message's id and status. One text whatever the
	 * steps, so a batch is one statement.
	 */
	private static final String MOVE = """
			update messages set status = ?, updated_at = ?, error_code = coalesce(?, error_code),
			    error_title = coalesce(?, error_title), error_details = coalesce(?, error_details),
			    error_status = coalesce(?, error_status), %s""".formatted(StatusTimes.SET_ONCE);

	/** The types of {@link #moveArguments}: the move, the steps' times, the message. */
	private static final int[] MOVE_TYPES = Stream
		.of(new int[] { Types.VARCHAR, Types.TIMESTAMP, Types.INTEGER, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR },
				StatusTimes.TYPES, new int[] { Types.VARCHAR, Types.VARCHAR })
		.flatMapToInt(Arrays::stream)
		.toArray();

	private static Object[] moveArguments(List<Step> steps, String messageId, Object fromStatus) {
		Step last = steps.get(steps.size() - 1);
		List<@Nullable Object> arguments = new ArrayList<>(MOVE_TYPES.length);
		arguments.addAll(Arrays.asList(last.status().wireName(), Timestamp.from(last.at()),
				lastKnown(steps, Step::errorCode), lastKnown(steps, Step::errorTitle),
				lastKnown(steps, Step::errorDetails), StatusTimes.errorStatus(steps)));
		arguments.addAll(Arrays.asList(StatusTimes.of(steps)));
		arguments.add(messageId);
		arguments.add(fromStatus);
		return arguments.toArray();
	}

	private static <T> @Nullable T lastKnown(List<Step> steps, Function<Step, @Nullable T> field) {
		T known = null;
		for (Step step : steps) {
			T value = field.apply(step);
			if (value != null) {
				known = value;
			}
		}
		return known;
	}

	private static MessageStatus statusOf(UpstreamStatus status) {
		return switch (status.kind()) {
			case SENT -> MessageStatus.SENT;
			case DELIVERED -> MessageStatus.DELIVERED;
			case READ -> MessageStatus.READ;
			case FAILED -> MessageStatus.FAILED;
		};
	}

	private static final String FACTS = "m.id, m.status, m.channel_id, m.account_id, m.recipient, u.upstream_id, "
			+ "m.biz_opaque_callback_data";

	private static final String FIND_BY_ID = "select " + FACTS
			+ " from messages m left join message_upstream_ids u on u.message_id = m.id where m.id = ?";

	private static final String FIND_BY_UPSTREAM_IDS = "select " + FACTS
			+ " from message_upstream_ids u join messages m on m.id = u.message_id"
			+ " where u.upstream_id = any(?) and u.channel_id = ?";

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
