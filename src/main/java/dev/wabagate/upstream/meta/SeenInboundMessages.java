package dev.wabagate.upstream.meta;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The wamids of customer messages already taken in, so Meta's redeliveries are skipped.
 * Kept a day longer than Meta retries a webhook.
 */
@Component
class SeenInboundMessages {

	private static final Duration KEPT_FOR = Duration.ofDays(8);

	private final JdbcClient jdbc;

	private final Clock clock;

	SeenInboundMessages(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records the message as seen, in the caller's transaction.
	 * @return true the first time, false for a redelivery
	 */
	boolean firstTime(String channelId, String wamid) {
		return this.jdbc.sql("""
				insert into meta_inbound_messages (channel_id, wamid, received_at) values (?, ?, ?)
				on conflict do nothing""").params(channelId, wamid, Timestamp.from(this.clock.instant())).update() == 1;
	}

	/** Whether the channel received this customer message (in the last 8 days). */
	boolean wasReceived(String channelId, String wamid) {
		return this.jdbc.sql("select count(*) from meta_inbound_messages where channel_id = ? and wamid = ?")
			.params(channelId, wamid)
			.query(Integer.class)
			.single() > 0;
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
	void forgetOld() {
		this.jdbc.sql("delete from meta_inbound_messages where received_at < ?")
			.param(Timestamp.from(this.clock.instant().minus(KEPT_FOR)))
			.update();
	}

}
