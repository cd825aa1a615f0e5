package dev.wabagate.messaging;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.wabagate.upstream.UpstreamStatus;
import dev.wabagate.upstream.UpstreamStatusHandler;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies the statuses providers report to the messages they belong to. A status that
 * names an upstream id not recorded yet goes to {@code early_statuses}; the dispatcher
 * applies it in the transaction that records the id
 * ({@link MessageLifecycle#recordUpstreamIds}), and a sweep catches the reports that
 * committed while that transaction was running.
 */
@Component
class UpstreamStatusIngest implements UpstreamStatusHandler {

	private static final Duration UNMATCHED_RETENTION = Duration.ofDays(1);

	private final JdbcClient jdbc;

	private final MessageLifecycle lifecycle;

	private final Clock clock;

	UpstreamStatusIngest(JdbcClient jdbc, MessageLifecycle lifecycle, Clock clock) {
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

	private void keep(UpstreamStatus status) {
		this.jdbc.sql("""
				insert into early_statuses (channel_id, upstream_id, status, occurred_at, error_code, error_title,
				    error_details, received_at)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(status.channelId(), status.upstreamMessageId(), status.status(), Timestamp.from(status.timestamp()),
					status.errorCode(), status.errorTitle(), status.errorDetails(),
					Timestamp.from(this.clock.instant()))
			.update();
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
			.forEach((match) -> this.lifecycle.applyEarlyStatuses(match[0], match[1], match[2]));
		this.jdbc.sql("delete from early_statuses where received_at < ?")
			.param(Timestamp.from(this.clock.instant().minus(UNMATCHED_RETENTION)))
			.update();
	}

}
