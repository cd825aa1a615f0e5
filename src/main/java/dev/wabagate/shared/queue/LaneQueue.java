package dev.wabagate.shared.queue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One named queue of the engine: items in {@code queue_items}, and one row per non-empty
 * lane in {@code queue_lanes} naming its head.
 * <ul>
 * <li>Only a lane's head is ever claimed, and it stays leased until its outcome is
 * recorded: one item per lane is in flight and each lane keeps its order.</li>
 * <li>A claim takes due heads of one channel ({@code FOR UPDATE SKIP LOCKED}, so nodes
 * share the work without waiting on each other) from a range of {@code queue_lanes_due};
 * a claimed head's {@code available_at} becomes its lease's end, so heads in flight,
 * backing off, or waiting behind other heads are never scanned.</li>
 * <li>Every change after a claim is fenced by the lease owner: a node whose lease was
 * taken over changes nothing.</li>
 * <li>Queuing an item upserts its lane, which locks the lane row until the accept
 * commits; finishing a head locks it too, so a lane is never emptied while an item is
 * being added to it.</li>
 * </ul>
 * Statements take their id lists as one array parameter, so their text (and PostgreSQL's
 * prepared plan) is the same whatever the batch size. An item's sequence number is unique
 * across queues, so statements on items and heads name it alone: the index it is the key
 * of is then the only plan, whatever the (often stale) statistics of these churning
 * tables say.
 */
public final class LaneQueue {

	private final String name;

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	private final TransactionTemplate transactions;

	private final boolean postgres;

	private final Set<String> channelsQueuedTo = ConcurrentHashMap.newKeySet();

	LaneQueue(String name, JdbcClient jdbc, JdbcTemplate batches, TransactionTemplate transactions, boolean postgres) {
		this.name = name;
		this.jdbc = jdbc;
		this.batches = batches;
		this.transactions = transactions;
		this.postgres = postgres;
	}

	public String name() {
		return this.name;
	}

	/**
	 * Queues items at the end of their lanes, due at once, in the caller's transaction:
	 * they are queued if and only if it commits.
	 */
	public void enqueue(List<QueueEntry> entries, Instant now) {
		requireTransaction();
		if (entries.isEmpty()) {
			return;
		}
		if (this.postgres) {
			enqueueReturningHeads(entries, now);
		}
		else {
			this.batches.batchUpdate(
					"insert into queue_items (queue, channel_id, lane_key, ref_id, queued_at) values (?, ?, ?, ?, ?)",
					entries.stream()
						.map((e) -> new Object[] { this.name, e.channelId(), e.laneKey(), e.ref(),
								Timestamp.from(e.queuedAt()) })
						.toList());
			Timestamp at = Timestamp.from(now);
			this.jdbc.sql(MERGE_LANES_ON_H2)
				.params(this.name, strings(entries.stream().map(QueueEntry::ref).toList()), at, at)
				.update();
		}
		entries.forEach((entry) -> this.channelsQueuedTo.add(entry.channelId()));
	}

	/**
	 * The channels this node queued to since the last call, so that its claim loop need
	 * not walk the lane index to find them ({@link #channels()}).
	 */
	Set<String> takeChannelsQueuedTo() {
		Set<String> taken = new HashSet<>();
		for (String channelId : this.channelsQueuedTo) {
			if (this.channelsQueuedTo.remove(channelId)) {
				taken.add(channelId);
			}
		}
		return taken;
	}

	/**
	 * H2 (no ON CONFLICT DO UPDATE): a new lane is inserted with its first new item as
	 * its head; an existing one is only locked, as on PostgreSQL.
	 */
	private static final String MERGE_LANES_ON_H2 = """
			merge into queue_lanes l
			using (select queue, channel_id, lane_key, min(seq) head_seq from queue_items
			       where queue = ? and ref_id = any(?) group by queue, channel_id, lane_key) s
			on l.queue = s.queue and l.channel_id = s.channel_id and l.lane_key = s.lane_key
			when matched then update set head_seq = l.head_seq
			when not matched then insert (queue, channel_id, lane_key, head_seq, available_at, next_attempt_at, attempts)
			    values (s.queue, s.channel_id, s.lane_key, s.head_seq, ?, ?, 0)""";

	/**
	 * PostgreSQL: the items are inserted in one statement that answers their sequence
	 * numbers, and the lanes are upserted from those, so queuing never reads queue_items
	 * (whose plan would rest on its statistics).
	 */
	private void enqueueReturningHeads(List<QueueEntry> entries, Instant now) {
		record Lane(String channelId, String key) {
		}
		// Lanes in one order in every transaction, so concurrent enqueues never wait on
		// each other in a cycle.
		Map<Lane, Long> firstByLane = new TreeMap<>(Comparator.comparing(Lane::channelId).thenComparing(Lane::key));
		this.jdbc.sql("""
				insert into queue_items (queue, channel_id, lane_key, ref_id, queued_at)
				select ?, t.channel_id, t.lane_key, t.ref_id, cast(t.queued_at as timestamp with time zone)
				from unnest(?, ?, ?, ?) with ordinality as t (channel_id, lane_key, ref_id, queued_at, n)
				order by t.n
				returning seq, channel_id, lane_key""")
			.params(this.name, strings(entries.stream().map(QueueEntry::channelId).toList()),
					strings(entries.stream().map(QueueEntry::laneKey).toList()),
					strings(entries.stream().map(QueueEntry::ref).toList()),
					strings(entries.stream().map((e) -> e.queuedAt().toString()).toList()))
			.query((rs, i) -> firstByLane.merge(new Lane(rs.getString(2), rs.getString(3)), rs.getLong(1), Math::min))
			.list();
		Timestamp at = Timestamp.from(now);
		this.jdbc.sql("""
				insert into queue_lanes (queue, channel_id, lane_key, head_seq, available_at, next_attempt_at, attempts)
				select ?, t.channel_id, t.lane_key, t.head_seq, ?, ?, 0
				from unnest(?, ?, ?) with ordinality as t (channel_id, lane_key, head_seq, n) order by t.n
				on conflict (queue, channel_id, lane_key) do update set head_seq = queue_lanes.head_seq""")
			// An existing lane is only locked (MERGE would fail where a concurrent insert
			// races it), so it is not emptied before this transaction commits.
			.params(this.name, at, at, strings(firstByLane.keySet().stream().map(Lane::channelId).toList()),
					strings(firstByLane.keySet().stream().map(Lane::key).toList()),
					longs(List.copyOf(firstByLane.values())))
			.update();
	}

	/**
	 * The channels that have lanes, found by walking the lane index from one channel to
	 * the next (one index probe per channel, however many lanes each has).
	 */
	public List<String> channels() {
		return this.jdbc
			.sql("""
					with recursive c (channel_id) as (
					    (select min(channel_id) from queue_lanes where queue = ?)
					    union all
					    select (select min(l.channel_id) from queue_lanes l where l.queue = ? and l.channel_id > c.channel_id)
					    from c where c.channel_id is not null)
					select channel_id from c where channel_id is not null""")
			.params(this.name, this.name)
			.query(String.class)
			.list();
	}

	/**
	 * Leases up to {@code limit} due lane heads of one channel, longest due first, in a
	 * transaction of its own.
	 */
	public List<Lease> claim(String channelId, String node, int limit, Instant now, Instant leaseUntil) {
		List<Lease> leases = this.transactions.execute((tx) -> {
			planForCurrentSize();
			List<Long> heads = this.jdbc.sql("""
					select head_seq from queue_lanes
					where queue = ? and channel_id = ? and available_at <= ?
					order by available_at limit ?
					for update skip locked""")
				.params(this.name, channelId, Timestamp.from(now), limit)
				.query(Long.class)
				.list();
			if (heads.isEmpty()) {
				return List.<Lease>of();
			}
			this.jdbc.sql("""
					update queue_lanes set available_at = ?, lease_owner = ?, attempts = attempts + 1
					where head_seq = any(?)""").params(Timestamp.from(leaseUntil), node, longs(heads)).update();
			Map<Long, Lease> bySeq = this.jdbc.sql("""
					select i.seq, i.channel_id, i.lane_key, i.ref_id,
					    (select l.attempts from queue_lanes l where l.head_seq = i.seq), i.queued_at
					from queue_items i where i.seq = any(?)""")
				.params(longs(heads))
				.query((rs, i) -> new Lease(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getInt(5), rs.getTimestamp(6).toInstant()))
				.list()
				.stream()
				.collect(Collectors.toMap(Lease::seq, Function.identity()));
			return heads.stream().map(bySeq::get).toList();
		});
		return (leases != null) ? leases : List.of();
	}

	/**
	 * Removes finished heads this node still holds, in the caller's transaction; each
	 * lane's next item becomes its head, due at once, and an emptied lane is removed.
	 * @return the sequence numbers of the heads removed (those whose lease was lost are
	 * not)
	 */
	public Set<Long> complete(Collection<Lease> leases, String node, Instant now) {
		requireTransaction();
		List<Long> held = lockHeld(leases, node);
		if (held.isEmpty()) {
			return Set.of();
		}
		SqlArrayValue seqs = longs(held);
		this.jdbc.sql("delete from queue_items where seq = any(?)").param(seqs).update();
		this.jdbc.sql("""
				delete from queue_lanes l where l.head_seq = any(?)
				  and (select min(i.seq) from queue_items i
				       where i.queue = l.queue and i.channel_id = l.channel_id and i.lane_key = l.lane_key) is null""")
			.param(seqs)
			.update();
		Timestamp at = Timestamp.from(now);
		this.jdbc.sql("""
				update queue_lanes l set head_seq = (select min(i.seq) from queue_items i
				                                     where i.queue = l.queue and i.channel_id = l.channel_id
				                                       and i.lane_key = l.lane_key),
				    available_at = ?, next_attempt_at = ?, attempts = 0, lease_owner = null
				where l.head_seq = any(?)""").params(at, at, seqs).update();
		return Set.copyOf(held);
	}

	/**
	 * Puts a head this node holds back in its lane, due at {@code at}, in the caller's
	 * transaction.
	 * @return whether this node still held it
	 */
	public boolean retryAt(Lease lease, String node, Instant at) {
		requireTransaction();
		Timestamp due = Timestamp.from(at);
		return this.jdbc.sql("""
				update queue_lanes set available_at = ?, next_attempt_at = ?, lease_owner = null
				where head_seq = ? and lease_owner = ?""").params(due, due, lease.seq(), node).update() == 1;
	}

	/**
	 * Puts heads this node holds back in their lanes, all due at {@code at}, in the
	 * caller's transaction: {@link #retryAt(Lease, String, Instant)} for many heads in
	 * two statements.
	 * @return the sequence numbers of the heads this node still held
	 */
	public Set<Long> retryAt(Collection<Lease> leases, String node, Instant at) {
		requireTransaction();
		List<Long> held = lockHeld(leases, node);
		if (!held.isEmpty()) {
			Timestamp due = Timestamp.from(at);
			this.jdbc.sql("""
					update queue_lanes set available_at = ?, next_attempt_at = ?, lease_owner = null
					where head_seq = any(?)""").params(due, due, longs(held)).update();
		}
		return Set.copyOf(held);
	}

	/** Locks the heads of these leases this node still holds, in head order. */
	private List<Long> lockHeld(Collection<Lease> leases, String node) {
		if (leases.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("""
				select head_seq from queue_lanes where head_seq = any(?) and lease_owner = ?
				order by head_seq for update""")
			.params(longs(leases.stream().map(Lease::seq).toList()), node)
			.query(Long.class)
			.list();
	}

	/**
	 * Gives claims back untouched: not worked on, so not an attempt (over a cap, too
	 * close to the lease's end, or this node is stopping).
	 */
	public void release(Collection<Lease> leases, String node) {
		if (leases.isEmpty()) {
			return;
		}
		this.transactions.executeWithoutResult((tx) -> {
			planForCurrentSize();
			this.jdbc.sql("""
					update queue_lanes set available_at = next_attempt_at, lease_owner = null, attempts = attempts - 1
					where head_seq = any(?) and lease_owner = ?""")
				.params(longs(leases.stream().map(Lease::seq).toList()), node)
				.update();
		});
	}

	/**
	 * Removes a channel's queued items and lanes, in the caller's transaction; a head in
	 * flight is removed too, and its outcome then changes nothing (its lease is gone).
	 * @return the refs of the items removed
	 */
	public List<String> removeChannel(String channelId) {
		requireTransaction();
		List<String> refs = this.jdbc.sql("select ref_id from queue_items where queue = ? and channel_id = ?")
			.params(this.name, channelId)
			.query(String.class)
			.list();
		this.jdbc.sql("delete from queue_lanes where queue = ? and channel_id = ?")
			.params(this.name, channelId)
			.update();
		this.jdbc.sql("delete from queue_items where queue = ? and channel_id = ?")
			.params(this.name, channelId)
			.update();
		return refs;
	}

	/** Whether an item of that ref waits in the queue (queued or in flight). */
	public boolean holds(String ref) {
		return this.jdbc.sql("select count(*) from queue_items where queue = ? and ref_id = ?")
			.params(this.name, ref)
			.query(Long.class)
			.single() > 0;
	}

	/** How many items wait in all. */
	public long depth() {
		return this.jdbc.sql("select count(*) from queue_items where queue = ?")
			.param(this.name)
			.query(Long.class)
			.single();
	}

	/**
	 * Per channel: items waiting, and since when the oldest due head nobody holds has
	 * been due (its lag).
	 */
	public List<ChannelBacklog> backlog(Instant now) {
		Map<String, Long> depths = new TreeMap<>();
		this.jdbc.sql("select channel_id, count(*) from queue_items where queue = ? group by channel_id")
			.param(this.name)
			.query((rs, i) -> depths.put(rs.getString(1), rs.getLong(2)))
			.list();
		Map<String, Instant> oldestDue = new HashMap<>();
		this.jdbc.sql("""
				select channel_id, min(available_at) from queue_lanes where queue = ? and available_at <= ?
				group by channel_id""")
			.params(this.name, Timestamp.from(now))
			.query((rs, i) -> oldestDue.put(rs.getString(1), rs.getTimestamp(2).toInstant()))
			.list();
		return depths.entrySet()
			.stream()
			.map((e) -> new ChannelBacklog(e.getKey(), e.getValue(), oldestDue.get(e.getKey())))
			.toList();
	}

	/** A channel's queue: how many items wait, and since when the oldest due head. */
	public record ChannelBacklog(String channelId, long depth, @Nullable Instant oldestDueHead) {
	}

	private void requireTransaction() {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("The lane queue changes only inside the caller's transaction");
		}
		planForCurrentSize();
	}

	/**
	 * On PostgreSQL, keeps this transaction's plans on the queue's indexes (once per
	 * transaction). The queue tables swing from empty to many thousands of rows within
	 * seconds, and the queue column's statistics hold only the queues seen at the last
	 * analyze, long before autovacuum runs again: the planner then believes a table holds
	 * a row or two and scans it whole (measured: 36 ms per completion, 127 ms per enqueue
	 * of 200 items, on tables of a few thousand rows). The statements themselves probe
	 * lanes through correlated subqueries, which use a lane's whole key whatever the
	 * estimates.
	 */
	private void planForCurrentSize() {
		if (!this.postgres || TransactionSynchronizationManager.hasResource(PLANNED_FOR_CURRENT_SIZE)) {
			return;
		}
		this.jdbc.sql("set local enable_seqscan = off").update();
		TransactionSynchronizationManager.bindResource(PLANNED_FOR_CURRENT_SIZE, Boolean.TRUE);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(PLANNED_FOR_CURRENT_SIZE);
			}
		});
	}

	private static final Object PLANNED_FOR_CURRENT_SIZE = new Object();

	private static SqlArrayValue longs(List<Long> values) {
		return new SqlArrayValue("bigint", values.toArray());
	}

	private static SqlArrayValue strings(List<String> values) {
		return new SqlArrayValue("varchar", values.toArray());
	}

}
