package dev.wabagate.webhooks;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The webhook delivery queue. As in the outbound message queue, only the head of each
 * (channel, chat) lane is claimed and it stays leased until its outcome is recorded, so
 * one event per chat is in flight and a chat's events arrive in order. Claims use
 * {@code SKIP LOCKED}, so nodes share the work; only enabled endpoints' lanes are
 * claimed, and the caller can leave out channels it is already busy with.
 */
@Component
class DeliveryQueue {

	private final JdbcClient jdbc;

	DeliveryQueue(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A claimed delivery with the event it carries. */
	record Delivery(long seq, String eventId, String channelId, int attempts, String field, String data,
			Instant occurredAt) {
	}

	@Transactional
	List<Delivery> claim(String node, int limit, Instant now, Instant leaseUntil, Collection<String> busyChannels) {
		Timestamp at = Timestamp.from(now);
		String skipBusy = busyChannels.isEmpty() ? "" : " and q.channel_id not in (:busy)";
		var select = this.jdbc.sql("""
				select q.seq from webhook_deliveries q
				where q.next_attempt_at <= :now and (q.lease_until is null or q.lease_until < :now)
				  and exists (select 1 from webhook_endpoints e where e.channel_id = q.channel_id and e.enabled = true)
				  and not exists (select 1 from webhook_deliveries earlier
				                  where earlier.channel_id = q.channel_id and earlier.chat_key = q.chat_key
				                    and earlier.seq < q.seq)""" + skipBusy + """

				order by q.next_attempt_at, q.seq
				limit :limit
				for update skip locked""").param("now", at).param("limit", limit);
		if (!busyChannels.isEmpty()) {
			select = select.param("busy", busyChannels);
		}
		List<Long> seqs = select.query(Long.class).list();
		if (seqs.isEmpty()) {
			return List.of();
		}
		this.jdbc.sql("""
				update webhook_deliveries set lease_owner = :node, lease_until = :until, attempts = attempts + 1
				where seq in (:seqs)""")
			.param("node", node)
			.param("until", Timestamp.from(leaseUntil))
			.param("seqs", seqs)
			.update();
		Map<Long, Delivery> bySeq = this.jdbc.sql("""
				select q.seq, q.event_id, q.channel_id, q.attempts, e.field, e.data, e.occurred_at
				from webhook_deliveries q join webhook_events e on e.id = q.event_id where q.seq in (:seqs)""")
			.param("seqs", seqs)
			.query((rs, i) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
					rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant()))
			.list()
			.stream()
			.collect(Collectors.toMap(Delivery::seq, Function.identity()));
		return seqs.stream().map(bySeq::get).toList();
	}

	/**
	 * Ends a delivery (delivered or exhausted), fenced by the lease.
	 * @return whether this node still held the lease
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	boolean finish(Delivery delivery, String node, WebhookOutbox.EventState state, Instant at) {
		if (this.jdbc.sql("delete from webhook_deliveries where seq = ? and lease_owner = ?")
			.params(delivery.seq(), node)
			.update() == 0) {
			return false;
		}
		this.jdbc
			.sql("update webhook_events set state = ?, attempts = ?, last_attempt_at = ?, finished_at = ? where id = ?")
			.params(state.wireName(), delivery.attempts(), Timestamp.from(at), Timestamp.from(at), delivery.eventId())
			.update();
		return true;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	boolean retryAt(Delivery delivery, String node, Instant at, Instant nextAttemptAt) {
		if (this.jdbc.sql("""
				update webhook_deliveries set next_attempt_at = ?, lease_owner = null, lease_until = null
				where seq = ? and lease_owner = ?""")
			.params(Timestamp.from(nextAttemptAt), delivery.seq(), node)
			.update() == 0) {
			return false;
		}
		this.jdbc.sql("update webhook_events set attempts = ?, last_attempt_at = ? where id = ?")
			.params(delivery.attempts(), Timestamp.from(at), delivery.eventId())
			.update();
		return true;
	}

	/** Gives a claim back untouched (over a per-endpoint cap, or shutting down). */
	@Transactional
	void release(Delivery delivery, String node) {
		this.jdbc.sql("""
				update webhook_deliveries set lease_owner = null, lease_until = null, attempts = attempts - 1
				where seq = ? and lease_owner = ?""").params(delivery.seq(), node).update();
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void recordAttempt(Delivery delivery, String node, Instant at, @Nullable Integer statusCode, int latencyMs,
			String outcome, @Nullable String error) {
		this.jdbc.sql("""
				insert into webhook_attempts (event_id, channel_id, attempted_at, attempt, status_code, latency_ms,
				    outcome, error, node)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(delivery.eventId(), delivery.channelId(), Timestamp.from(at), delivery.attempts(), statusCode,
					latencyMs, outcome, (error != null && error.length() > 500) ? error.substring(0, 500) : error, node)
			.update();
	}

	long depth() {
		return this.jdbc.sql("select count(*) from webhook_deliveries").query(Long.class).single();
	}

}
