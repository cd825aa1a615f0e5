package dev.wabagate.messaging;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

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
 * ({@link MessageLifecycle#recordUpstreamId}), and a sweep catches the reports that
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
		Optional<String> messageId = this.jdbc.sql("select id from messages where upstream_id = ? and channel_id = ?")
			.params(status.upstreamMessageId(), status.channelId())
			.query(String.class)
			.optional();
		if (messageId.isPresent()) {
			this.lifecycle.apply(messageId.get(), status);
			return;
		}
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
