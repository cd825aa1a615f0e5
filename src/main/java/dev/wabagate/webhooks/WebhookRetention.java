package dev.wabagate.webhooks;

import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps the event and attempt logs to the retention period. Events still queued are kept
 * whatever their age.
 */
@Component
class WebhookRetention {

	private final JdbcClient jdbc;

	private final WebhooksProperties properties;

	private final Clock clock;

	WebhookRetention(JdbcClient jdbc, WebhooksProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
	void purge() {
		Timestamp cutoff = Timestamp.from(this.clock.instant().minus(this.properties.retention()));
		this.jdbc.sql("delete from webhook_attempts where attempted_at < ?").param(cutoff).update();
		this.jdbc.sql("""
				delete from webhook_events e where e.occurred_at < ?
				  and not exists (select 1 from queue_items q where q.queue = ? and q.ref_id = e.id)""")
			.params(cutoff, WebhookQueue.NAME)
			.update();
	}

}
