package dev.wabagate.messaging.dispatch;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.wabagate.upstream.MessagePayload;
import dev.wabagate.upstream.MessageType;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The outbound queue table. Only the head of each (channel, recipient) lane is ever
 * claimed, and a claimed head stays leased until its outcome is recorded, so one message
 * per recipient is in flight and lanes keep their order. Claims use {@code SKIP LOCKED},
 * so several nodes share the work without waiting on each other.
 */
@Component
class OutboundQueue {

	private final JdbcClient jdbc;

	OutboundQueue(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Leases up to {@code limit} due lane heads, oldest first, skipping channels whose
	 * shared send slots are already reserved beyond {@code pacedUntil}: their heads could
	 * not be sent sooner by claiming them now.
	 */
	@Transactional
	public List<QueuedMessage> claim(String node, int limit, Instant now, Instant leaseUntil, Instant pacedUntil) {
		Timestamp at = Timestamp.from(now);
		List<Long> seqs = this.jdbc.sql("""
				select q.seq from outbound_queue q
				where q.next_attempt_at <= ? and (q.lease_until is null or q.lease_until < ?)
				  and not exists (select 1 from outbound_queue earlier
				                  where earlier.channel_id = q.channel_id and earlier.recipient = q.recipient
				                    and earlier.seq < q.seq)
				  and not exists (select 1 from channel_pacing p
				                  where p.channel_id = q.channel_id and p.next_slot_micros > ?)
				order by q.next_attempt_at, q.seq
				limit ?
				for update skip locked""")
			.params(at, at, ChronoUnit.MICROS.between(Instant.EPOCH, pacedUntil), limit)
			.query(Long.class)
			.list();
		if (seqs.isEmpty()) {
			return List.of();
		}
		this.jdbc.sql("""
				update outbound_queue set lease_owner = :node, lease_until = :until, attempts = attempts + 1
				where seq in (:seqs)""")
			.param("node", node)
			.param("until", Timestamp.from(leaseUntil))
			.param("seqs", seqs)
			.update();
		Map<Long, QueuedMessage> bySeq = this.jdbc.sql("""
				select q.seq, q.message_id, q.channel_id, q.recipient, q.attempts, q.accepted_at, m.type, m.content
				from outbound_queue q join messages m on m.id = q.message_id where q.seq in (:seqs)""")
			.param("seqs", seqs)
			.query((rs, i) -> new QueuedMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getInt(5), rs.getTimestamp(6).toInstant(),
					new MessagePayload(MessageType.fromWire(rs.getString(7)).orElseThrow(), rs.getString(8))))
			.list()
			.stream()
			.collect(Collectors.toMap(QueuedMessage::seq, Function.identity()));
		return seqs.stream().map(bySeq::get).toList();
	}

	/**
	 * Removes finished heads this node still holds the lease on, like {@link #remove}.
	 * @return the sequence numbers removed
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Set<Long> removeAll(List<QueuedMessage> messages, String node) {
		List<Long> held = this.jdbc.sql("""
				select seq from outbound_queue where seq in (:seqs) and lease_owner = :node order by seq for update""")
			.param("seqs", messages.stream().map(QueuedMessage::seq).toList())
			.param("node", node)
			.query(Long.class)
			.list();
		if (!held.isEmpty()) {
			this.jdbc.sql("delete from outbound_queue where seq in (:seqs)").param("seqs", held).update();
		}
		return Set.copyOf(held);
	}

	/**
	 * Removes a finished head, fenced by the lease: a node whose lease was taken over
	 * does not remove the row another node now owns.
	 * @return whether this node still held the lease
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean remove(QueuedMessage message, String node) {
		return this.jdbc.sql("delete from outbound_queue where seq = ? and lease_owner = ?")
			.params(message.seq(), node)
			.update() == 1;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public boolean retryAt(QueuedMessage message, String node, Instant nextAttemptAt) {
		return this.jdbc.sql("""
				update outbound_queue set next_attempt_at = ?, lease_owner = null, lease_until = null
				where seq = ? and lease_owner = ?""")
			.params(Timestamp.from(nextAttemptAt), message.seq(), node)
			.update() == 1;
	}

	/**
	 * Gives claims back untouched: not sent, so not an attempt (beyond the pacing
	 * horizon, too close to the lease's end, or this node is shutting down).
	 */
	@Transactional
	public void release(List<QueuedMessage> messages, String node) {
		this.jdbc.sql("""
				update outbound_queue set lease_owner = null, lease_until = null, attempts = attempts - 1
				where seq in (:seqs) and lease_owner = :node""")
			.param("seqs", messages.stream().map(QueuedMessage::seq).toList())
			.param("node", node)
			.update();
	}

	/**
	 * Per channel: messages waiting and the oldest due time of an unclaimed lane head
	 * (its lag).
	 */
	public List<ChannelBacklog> backlog(Instant now) {
		Timestamp at = Timestamp.from(now);
		return this.jdbc.sql("""
				select q.channel_id, count(*),
				    min(case when q.next_attempt_at <= ? and (q.lease_until is null or q.lease_until < ?)
				             and not exists (select 1 from outbound_queue earlier
				                             where earlier.channel_id = q.channel_id
				                               and earlier.recipient = q.recipient and earlier.seq < q.seq)
				        then q.next_attempt_at end)
				from outbound_queue q group by q.channel_id""").params(at, at).query((rs, i) -> {
			Timestamp oldestDue = rs.getTimestamp(3);
			return new ChannelBacklog(rs.getString(1), rs.getLong(2),
					(oldestDue != null) ? oldestDue.toInstant() : null);
		}).list();
	}

	/** A channel's queue: how many messages wait, and since when the oldest due head. */
	record ChannelBacklog(String channelId, long depth, @Nullable Instant oldestDueHead) {
	}

}
