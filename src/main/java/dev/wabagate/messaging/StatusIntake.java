package dev.wabagate.messaging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.wabagate.messaging.MessageLifecycle.AcceptedUpstream;
import dev.wabagate.messaging.MessageLifecycle.Facts;
import dev.wabagate.messaging.MessageLifecycle.Reported;
import dev.wabagate.upstream.UpstreamStatus;
import dev.wabagate.upstream.UpstreamStatus.Kind;
import dev.wabagate.upstream.UpstreamStatusHandler;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one owner of status intake, and of {@code early_statuses}: applies the statuses
 * providers report to the messages they belong to. A status that names an upstream id not
 * recorded yet (the provider was faster than our commit) is kept; it is applied in the
 * transaction that records the id ({@link #recordUpstreamIds}), or by a sweep for the
 * reports that committed while that transaction was running. Every path works on a batch:
 * one read of the messages named and one batched update that also sets the status times
 * ({@link MessageLifecycle#applyAll}), whatever the batch's size.
 */
@Component
public class StatusIntake implements UpstreamStatusHandler {

	private static final Duration UNMATCHED_RETENTION = Duration.ofDays(1);

	private static final int SWEEP_BATCH = 500;

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	private final MessageLifecycle lifecycle;

	private final Clock clock;

	StatusIntake(JdbcClient jdbc, JdbcTemplate batches, MessageLifecycle lifecycle, Clock clock) {
		this.jdbc = jdbc;
		this.batches = batches;
		this.lifecycle = lifecycle;
		this.clock = clock;
	}

	@Override
	@Transactional
	public void onStatuses(List<UpstreamStatus> statuses) {
		keep(apply(statuses));
	}

	private void keep(List<UpstreamStatus> unmatched) {
		if (unmatched.isEmpty()) {
			return;
		}
		Timestamp receivedAt = Timestamp.from(this.clock.instant());
		this.batches.batchUpdate("""
				insert into early_statuses (channel_id, upstream_id, status, occurred_at, error_code, error_title,
				    error_details, received_at)
				values (?, ?, ?, ?, ?, ?, ?, ?)""",
				unmatched.stream()
					.map((status) -> new Object[] { status.channelId(), status.upstreamMessageId(),
							status.kind().wireName(), Timestamp.from(status.timestamp()), status.errorCode(),
							status.errorTitle(), status.errorDetails(), receivedAt })
					.toList(),
				new int[] { Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.TIMESTAMP, Types.INTEGER, Types.VARCHAR,
						Types.VARCHAR, Types.TIMESTAMP });
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public List<UpstreamStatus> applyKnown(List<UpstreamStatus> statuses) {
		return apply(statuses);
	}

	@Override
	@Transactional
	public void onStatus(UpstreamStatus status) {
		onStatuses(List.of(status));
	}

	/**
	 * Applies reports in their order, reading each channel's messages they name once.
	 * @return the reports whose message has no such upstream id (yet)
	 */
	private List<UpstreamStatus> apply(List<UpstreamStatus> statuses) {
		List<UpstreamStatus> unmatched = new ArrayList<>();
		List<Reported> reported = new ArrayList<>();
		Map<String, Map<String, List<UpstreamStatus>>> byChannel = new LinkedHashMap<>();
		for (UpstreamStatus status : statuses) {
			byChannel.computeIfAbsent(status.channelId(), (channelId) -> new LinkedHashMap<>())
				.computeIfAbsent(status.upstreamMessageId(), (upstreamId) -> new ArrayList<>(3))
				.add(status);
		}
		byChannel.forEach((channelId, byMessage) -> {
			Map<String, Facts> messages = this.lifecycle.findByUpstreamIds(channelId, byMessage.keySet());
			byMessage.forEach((upstreamId, reports) -> {
				Facts message = messages.get(upstreamId);
				if (message != null) {
					reported.add(new Reported(message, reports));
				}
				else {
					unmatched.addAll(reports);
				}
			});
		});
		this.lifecycle.applyAll(reported);
		return unmatched;
	}

	/**
	 * Records the provider's ids of messages it accepted, then applies the statuses the
	 * provider reported before these records existed. One insert for many messages: the
	 * dispatcher records the sends that finish together in one go.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordUpstreamIds(List<AcceptedUpstream> accepted) {
		if (accepted.isEmpty()) {
			return;
		}
		this.lifecycle.recordUpstreamIds(accepted);
		applyKept(this.jdbc.sql("""
				select id, channel_id, upstream_id, status, occurred_at, error_code, error_title, error_details
				from early_statuses where upstream_id = any(?) order by upstream_id, occurred_at, id for update""")
			.param(new SqlArrayValue("varchar", (Object[]) upstreamIds(accepted)))
			.query(KeptStatus::of)
			.list());
	}

	private static String[] upstreamIds(List<AcceptedUpstream> accepted) {
		String[] ids = new String[accepted.size()];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = accepted.get(i).upstreamId();
		}
		return ids;
	}

	/**
	 * Applies kept statuses whose message id was recorded meanwhile, and forgets old
	 * unmatched ones.
	 */
	@Scheduled(fixedDelayString = "PT1S", initialDelayString = "PT1S")
	@Transactional
	public void sweepEarlyStatuses() {
		applyKept(this.jdbc.sql("""
				select e.id, e.channel_id, e.upstream_id, e.status, e.occurred_at, e.error_code, e.error_title,
				    e.error_details
				from early_statuses e
				where exists (select 1 from message_upstream_ids u
				    where u.upstream_id = e.upstream_id and u.channel_id = e.channel_id)
				order by e.id limit ? for update skip locked""").param(SWEEP_BATCH).query(KeptStatus::of).list());
		this.jdbc.sql("delete from early_statuses where received_at < ?")
			.param(Timestamp.from(this.clock.instant().minus(UNMATCHED_RETENTION)))
			.update();
	}

	/**
	 * Applies kept statuses, locked by the caller's select, and forgets them; a report
	 * that matches no message still (an id recorded for another channel) is kept again.
	 */
	private void applyKept(List<KeptStatus> kept) {
		if (kept.isEmpty()) {
			return;
		}
		this.jdbc.sql("delete from early_statuses where id = any(?)")
			.param(new SqlArrayValue("bigint", (Object[]) kept.stream().map(KeptStatus::id).toArray(Long[]::new)))
			.update();
		keep(apply(kept.stream().sorted(IN_ORDER_PER_MESSAGE).map(KeptStatus::status).toList()));
	}

	private static final Comparator<KeptStatus> IN_ORDER_PER_MESSAGE = Comparator
		.comparing((KeptStatus kept) -> kept.status().upstreamMessageId())
		.thenComparing((kept) -> kept.status().timestamp())
		.thenComparingLong(KeptStatus::id);

	private record KeptStatus(long id, UpstreamStatus status) {

		static KeptStatus of(ResultSet rs, int row) throws SQLException {
			String channelId = rs.getString(2);
			String upstreamId = rs.getString(3);
			return new KeptStatus(rs.getLong(1),
					new UpstreamStatus(channelId, upstreamId, Kind.fromWire(rs.getString(4)).orElseThrow(),
							rs.getTimestamp(5).toInstant(), (Integer) rs.getObject(6), rs.getString(7),
							rs.getString(8)));
		}

	}

}
