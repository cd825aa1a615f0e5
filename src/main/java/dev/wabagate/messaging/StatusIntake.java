package dev.wabagate.messaging;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.wabagate.messaging.MessageLifecycle.AcceptedUpstream;
import dev.wabagate.upstream.UpstreamStatus;
import dev.wabagate.upstream.UpstreamStatus.Kind;
import dev.wabagate.upstream.UpstreamStatusHandler;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one owner of status intake, and of {@code early_statuses}: applies the statuses
 * providers report to the messages they belong to. A status that names an upstream id not
 * recorded yet (the provider was faster than our commit) is kept; it is applied in the
 * transaction that records the id ({@link #recordUpstreamIds}), or by a sweep for the
 * reports that committed while that transaction was running.
 */
@Component
public class StatusIntake implements UpstreamStatusHandler {

	private static final Duration UNMATCHED_RETENTION = Duration.ofDays(1);

	private final JdbcClient jdbc;

	private final MessageLifecycle lifecycle;

	private final Clock clock;

	StatusIntake(JdbcClient jdbc, MessageLifecycle lifecycle, Clock clock) {
		this.jdbc = jdbc;
		this.lifecycle = lifecycle;
		this.clock = clock;
	}

	@Override
	@Transactional
	public void onStatus(UpstreamStatus status) {
		onStatuses(List.of(status));
	}

	/**
	 * Applies reports in their order, reading each channel's messages they name once: a
	 * message's sent, delivered and read then cost one read, not three.
	 */
	@Override
	@Transactional
	public void onStatuses(List<UpstreamStatus> statuses) {
		Map<String, List<UpstreamStatus>> byChannel = statuses.stream()
			.collect(Collectors.groupingBy(UpstreamStatus::channelId, LinkedHashMap::new, Collectors.toList()));
		byChannel.forEach((channelId, reports) -> {
			Map<String, MessageLifecycle.Facts> messages = this.lifecycle.findByUpstreamIds(channelId,
					reports.stream().map(UpstreamStatus::upstreamMessageId).collect(Collectors.toSet()));
			for (UpstreamStatus report : reports) {
				MessageLifecycle.Facts message = messages.get(report.upstreamMessageId());
				if (message != null) {
					messages.put(report.upstreamMessageId(), this.lifecycle.apply(message, report));
				}
				else {
					keep(report);
				}
			}
		});
	}

	/**
	 * Records the provider's ids of messages it accepted, then applies the statuses the
	 * provider reported before these records existed. One statement batch for many
	 * messages: the dispatcher records the sends that finish together in one go.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void recordUpstreamIds(List<AcceptedUpstream> accepted, Instant at) {
		if (accepted.isEmpty()) {
			return;
		}
		this.lifecycle.recordUpstreamIds(accepted, at);
		Map<String, AcceptedUpstream> byUpstreamId = accepted.stream()
			.collect(Collectors.toMap(AcceptedUpstream::upstreamId, Function.identity()));
		this.jdbc
			.sql("select distinct upstream_id from early_statuses where upstream_id in (:ids) order by upstream_id")
			.param("ids", byUpstreamId.keySet())
			.query(String.class)
			.list()
			.stream()
			.map(byUpstreamId::get)
			.forEach((one) -> applyKept(one.messageId(), one.channelId(), one.upstreamId()));
	}

	/**
	 * Applies kept statuses whose message id was recorded meanwhile, and forgets old
	 * unmatched ones.
	 */
	@Scheduled(fixedDelayString = "PT1S", initialDelayString = "PT1S")
	@Transactional
	public void sweepEarlyStatuses() {
		this.jdbc.sql("""
				select m.id, e.channel_id, e.upstream_id from early_statuses e
				join messages m on m.upstream_id = e.upstream_id and m.channel_id = e.channel_id
				order by e.id limit 500""")
			.query((rs, i) -> new String[] { rs.getString(1), rs.getString(2), rs.getString(3) })
			.list()
			.forEach((match) -> applyKept(match[0], match[1], match[2]));
		this.jdbc.sql("delete from early_statuses where received_at < ?")
			.param(Timestamp.from(this.clock.instant().minus(UNMATCHED_RETENTION)))
			.update();
	}

	private void keep(UpstreamStatus status) {
		this.jdbc.sql("""
				insert into early_statuses (channel_id, upstream_id, status, occurred_at, error_code, error_title,
				    error_details, received_at)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(status.channelId(), status.upstreamMessageId(), status.kind().wireName(),
					Timestamp.from(status.timestamp()), status.errorCode(), status.errorTitle(), status.errorDetails(),
					Timestamp.from(this.clock.instant()))
			.update();
	}

	/**
	 * Applies, in order, the kept statuses of a message; each is claimed by deleting it.
	 */
	private void applyKept(String messageId, String channelId, String upstreamId) {
		this.jdbc.sql("""
				select id, status, occurred_at, error_code, error_title, error_details from early_statuses
				where upstream_id = ? and channel_id = ? order by occurred_at, id""")
			.params(upstreamId, channelId)
			.query((rs, i) -> new KeptStatus(rs.getLong(1),
					new UpstreamStatus(channelId, upstreamId, Kind.fromWire(rs.getString(2)).orElseThrow(),
							rs.getTimestamp(3).toInstant(), (Integer) rs.getObject(4), rs.getString(5),
							rs.getString(6))))
			.list()
			.stream()
			.filter((kept) -> this.jdbc.sql("delete from early_statuses where id = ?").param(kept.id()).update() == 1)
			.forEach((kept) -> this.lifecycle.apply(messageId, kept.status()));
	}

	private record KeptStatus(long id, UpstreamStatus status) {
	}

}
