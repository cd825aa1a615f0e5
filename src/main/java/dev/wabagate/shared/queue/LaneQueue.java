package dev.wabagate.shared.queue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.wabagate.shared.EpochMicros;
import dev.wabagate.shared.queue.LaneLocks.Lane;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One named queue of the engine: items in {@code queue_items}, in lane order; each lane's
 * head (its oldest item) carries the lane's due time, attempts and lease on its own row.
 * <ul>
 * <li>Only a lane's head is ever claimed, and it stays leased until its outcome is
 * recorded: one item per lane is in flight and each lane keeps its order.</li>
 * <li>A head's {@code available_at} is its due time while free and its lease's end while
 * claimed; an item waiting behind its head has none. A claim takes due heads of one
 * channel ({@code FOR UPDATE SKIP LOCKED}, so nodes share the work without waiting on
 * each other) from a range of {@code queue_items_heads}, so heads in flight, backing off,
 * or waiting behind other heads are never scanned.</li>
 * <li>Every change after a claim is fenced by the lease owner: a node whose lease was
 * taken over changes nothing.</li>
 * <li>Queuing to a lane and finishing its head hold the lane's lock ({@link LaneLocks})
 * until their transaction ends: an item is queued as its lane's head (due at once) if and
 * only if the lane holds no item, and finishing a head makes the lane's next item its
 * head, so a lane never has two heads and never loses its only one.</li>
 * </ul>
 * Statements take their id lists as one array parameter, so their text (and PostgreSQL's
 * prepared plan) is the same whatever the batch size. An item's sequence number is unique
 * across queues, so statements on items and heads name it alone: the index it is the key
 * of is then the only plan, whatever the (often stale) statistics of this churning table
 * say. On PostgreSQL a lane's items are found by keyset walks of
 * {@code queue_items_lane}, which no other index can answer.
 */
public final class LaneQueue {

	private final String name;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final LaneLocks locks;

	private final boolean postgres;

	private final Set<String> channelsQueuedTo = ConcurrentHashMap.newKeySet();

	LaneQueue(String name, JdbcClient jdbc, TransactionTemplate transactions, LaneLocks locks, boolean postgres) {
		this.name = name;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.locks = locks;
		this.postgres = postgres;
	}

	public String name() {
		return this.name;
	}

	/**
	 * Queues items at the end of their lanes, in the caller's transaction: they are
	 * queued if and only if it commits. An item queued to a lane that holds none becomes
	 * its head, due at once.
	 */
	public void enqueue(List<QueueEntry> entries, Instant now) {
		if (entries.isEmpty()) {
			requireTransaction();
			return;
		}
		requireActiveTransaction();
		int size = entries.size();
		List<Lane> lanes = new ArrayList<>(size);
		String[] channelIds = new String[size];
		String[] laneKeys = new String[size];
		String[] refs = new String[size];
		Long[] queuedAt = new Long[size];
		Boolean[] firstOfLane = new Boolean[size];
		Set<Lane> seen = new HashSet<>();
		int i = 0;
		for (QueueEntry entry : entries) {
			Lane lane = new Lane(entry.channelId(), entry.laneKey());
			lanes.add(lane);
			channelIds[i] = entry.channelId();
			laneKeys[i] = entry.laneKey();
			refs[i] = entry.ref();
			queuedAt[i] = EpochMicros.of(entry.queuedAt());
			firstOfLane[i] = seen.add(lane);
			i++;
		}
		lockLanes(lanes);
		Timestamp at = Timestamp.from(now);
		// The statement's snapshot follows the lock: it sees every item that another
		// transaction on these lanes committed. It does not see its own rows, so only the
		// first new item of a lane may find the lane empty.
		this.jdbc.sql(this.postgres ? ENQUEUE_POSTGRES : ENQUEUE_H2)
			.params(at, at, this.name, strings(channelIds), strings(laneKeys), strings(refs),
					new SqlArrayValue("bigint", (Object[]) queuedAt),
					new SqlArrayValue("boolean", (Object[]) firstOfLane))
			.update();
		entries.forEach((entry) -> this.channelsQueuedTo.add(entry.channelId()));
	}

	/**
	 * Queues items, each its lane's head if its lane holds no item ({@code %s}: whether
	 * the lane of {@code t} holds an item, {@code q.name} the queue).
	 */
	private static final String ENQUEUE = """
			insert into queue_items (queue, channel_id, lane_key, ref_id, queued_at, available_at, next_attempt_at)
			select q.name, t.channel_id, t.lane_key, t.ref_id, %s,
			    case when t.first_of_lane and not %s then cast(? as timestamp with time zone) end,
			    cast(? as timestamp with time zone)
			from (select cast(? as varchar) as name) q,
			    unnest(?, ?, ?, cast(? as bigint array), ?)
			        with ordinality as t (channel_id, lane_key, ref_id, queued_at, first_of_lane, n)
			order by t.n""";

	/**
	 * PostgreSQL: a keyset walk of {@code queue_items_lane} from the lane's start to its
	 * next entry. Only that index returns rows in this order, so the plan stays on it
	 * whatever the statistics of this churning table say. A lookup by the lane's columns
	 * instead lets the planner pick any index that starts with one of them: with the
	 * estimates a VACUUM of a near-empty table leaves, it walked the queue's entries of
	 * {@code queue_items_ref} (LaneQueuePlansOnPostgresTests; 3.8 ms a completion in
	 * bench/run instead of 0.14).
	 */
	private static final String LANE_HOLDS_AN_ITEM_POSTGRES = """
			coalesce((select (f.channel_id, f.lane_key, f.queue) = (t.channel_id, t.lane_key, q.name)
			    from (select i.channel_id, i.lane_key, i.queue from queue_items i
			          where (i.channel_id, i.lane_key, i.queue) >= (t.channel_id, t.lane_key, q.name)
			          order by i.channel_id, i.lane_key, i.queue limit 1) f), false)""";

	/** H2 plans a lookup by the lane's columns on the lane's index. */
	private static final String LANE_HOLDS_AN_ITEM_H2 = """
			exists (select 1 from queue_items i
			    where i.channel_id = t.channel_id and i.lane_key = t.lane_key and i.queue = q.name)""";

	private static final String ENQUEUE_POSTGRES = ENQUEUE.formatted(EpochMicros.toTimestamp("t.queued_at"),
			LANE_HOLDS_AN_ITEM_POSTGRES);

	private static final String ENQUEUE_H2 = ENQUEUE.formatted(EpochMicros.toTimestamp("t.queued_at"),
			LANE_HOLDS_AN_ITEM_H2);

	/**
	 * The channels this node queued to since the last call, so that its claim loop need
	 * not walk the heads index to find them ({@link #channels()}).
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
	 * The channels that have items, found by walking the heads index from one channel to
	 * the next (one index probe per channel, however many lanes each has; every lane that
	 * holds items has a head).
	 */
	public List<String> channels() {
		return this.jdbc.sql(CHANNEL_WALK + "select channel_id from c where channel_id is not null")
			.params(this.name, this.name)
			.query(String.class)
			.list();
	}

	/**
	 * {@code c}: the channels that have items (the queue's name is its two parameters),
	 * one probe of the heads index per channel.
	 */
	private static final String CHANNEL_WALK = """
			with recursive c (channel_id) as (
			    (select min(channel_id) from queue_items where queue = ? and available_at is not null)
			    union all
			    select (select min(h.channel_id) from queue_items h
			            where h.queue = ? and h.available_at is not null and h.channel_id > c.channel_id)
			    from c where c.channel_id is not null)
			""";

	/**
	 * Leases up to {@code limit} due lane heads of one channel, longest due first, in a
	 * transaction of its own.
	 */
	public List<Lease> claim(String channelId, String node, int limit, Instant now, Instant leaseUntil) {
		List<Lease> leases = this.transactions.execute((tx) -> {
			planForCurrentSize();
			return this.postgres ? claimReturning(channelId, node, limit, now, leaseUntil)
					: claimThenRead(channelId, node, limit, now, leaseUntil);
		});
		return (leases != null) ? leases : List.of();
	}

	/**
	 * PostgreSQL: one statement locks the due heads, leases them and answers them; they
	 * are ordered by the time they fell due (a lease's end is not when its head fell
	 * due).
	 */
	private List<Lease> claimReturning(String channelId, String node, int limit, Instant now, Instant leaseUntil) {
		record Claimed(Lease lease, Instant due) {
		}
		return this.jdbc.sql("""
				update queue_items set available_at = ?, lease_owner = ?, attempts = attempts + 1
				where seq = any(array(select h.seq from queue_items h
				                      where h.queue = ? and h.channel_id = ? and h.available_at <= ?
				                      order by h.available_at limit ?
				                      for update skip locked))
				returning seq, channel_id, lane_key, ref_id, attempts, queued_at, next_attempt_at""")
			.params(Timestamp.from(leaseUntil), node, this.name, channelId, Timestamp.from(now), limit)
			.query((rs,
					i) -> new Claimed(new Lease(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
							rs.getInt(5), rs.getTimestamp(6).toInstant()), rs.getTimestamp(7).toInstant()))
			.list()
			.stream()
			.sorted(Comparator.comparing(Claimed::due).thenComparing((c) -> c.lease().seq()))
			.map(Claimed::lease)
			.toList();
	}

	/** H2 (no {@code RETURNING}): the due heads are locked, leased, then read. */
	private List<Lease> claimThenRead(String channelId, String node, int limit, Instant now, Instant leaseUntil) {
		List<Long> heads = this.jdbc.sql("""
				select seq from queue_items
				where queue = ? and channel_id = ? and available_at <= ?
				order by available_at limit ?
				for update skip locked""")
			.params(this.name, channelId, Timestamp.from(now), limit)
			.query(Long.class)
			.list();
		if (heads.isEmpty()) {
			return List.of();
		}
		this.jdbc.sql("""
				update queue_items set available_at = ?, lease_owner = ?, attempts = attempts + 1
				where seq = any(?)""").params(Timestamp.from(leaseUntil), node, longs(heads)).update();
		Map<Long, Lease> bySeq = this.jdbc
			.sql("select seq, channel_id, lane_key, ref_id, attempts, queued_at from queue_items where seq = any(?)")
			.params(longs(heads))
			.query((rs, i) -> new Lease(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
					rs.getTimestamp(6).toInstant()))
			.list()
			.stream()
			.collect(Collectors.toMap(Lease::seq, Function.identity()));
		return heads.stream().map(bySeq::get).toList();
	}

	/**
	 * Removes finished heads this node still holds, in the caller's transaction; each
	 * lane's next item becomes its head, due at once.
	 * @return the sequence numbers of the heads removed (those whose lease was lost are
	 * not)
	 */
	public Set<Long> complete(Collection<Lease> leases, String node, Instant now) {
		if (leases.isEmpty()) {
			requireTransaction();
			return Set.of();
		}
		requireActiveTransaction();
		List<Lane> lanes = new ArrayList<>(leases.size());
		Long[] seqArray = new Long[leases.size()];
		int index = 0;
		for (Lease lease : leases) {
			lanes.add(new Lane(lease.channelId(), lease.laneKey()));
			seqArray[index++] = lease.seq();
		}
		lockLanes(lanes);
		SqlArrayValue seqs = new SqlArrayValue("bigint", (Object[]) seqArray);
		Timestamp at = Timestamp.from(now);
		if (this.postgres) {
			// One statement: its snapshot still shows the heads it deletes, so a lane's
			// next item is the lane index's next entry after the head, if that entry is
			// of the same lane (a keyset walk, as in LANE_HOLDS_AN_ITEM_POSTGRES).
			return Set.copyOf(this.jdbc.sql("""
					with done as (
					    delete from queue_items where seq = any(?) and lease_owner = ?
					    returning seq, channel_id, lane_key, queue),
					promoted as (
					    update queue_items set available_at = ?, next_attempt_at = ?
					    where seq = any(array(
					        select (select f.seq
					                from (select n.channel_id, n.lane_key, n.queue, n.seq from queue_items n
					                      where (n.channel_id, n.lane_key, n.queue, n.seq)
					                            > (d.channel_id, d.lane_key, d.queue, d.seq)
					                      order by n.channel_id, n.lane_key, n.queue, n.seq limit 1) f
					                where (f.channel_id, f.lane_key, f.queue) = (d.channel_id, d.lane_key, d.queue))
					        from done d))
					    returning seq)
					select seq from done""").params(seqs, node, at, at).query(Long.class).list());
		}
		List<Long> held = lockHeldOnH2(seqs, node);
		if (held.isEmpty()) {
			return Set.of();
		}
		SqlArrayValue heldSeqs = longs(held);
		// H2 plans "seq in (subquery)" as a scan; the next items are read first.
		List<Long> next = this.jdbc.sql("""
				select (select min(n.seq) from queue_items n
				        where n.queue = h.queue and n.channel_id = h.channel_id
				          and n.lane_key = h.lane_key and n.seq > h.seq)
				from queue_items h where h.seq = any(?)""")
			.param(heldSeqs)
			.query((rs, i) -> rs.getObject(1, Long.class))
			.list()
			.stream()
			.filter(Objects::nonNull)
			.toList();
		this.jdbc.sql("update queue_items set available_at = ?, next_attempt_at = ? where seq = any(?)")
			.params(at, at, longs(next))
			.update();
		this.jdbc.sql("delete from queue_items where seq = any(?)").param(heldSeqs).update();
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
				update queue_items set available_at = ?, next_attempt_at = ?, lease_owner = null
				where seq = ? and lease_owner = ?""").params(due, due, lease.seq(), node).update() == 1;
	}

	/**
	 * Puts heads this node holds back in their lanes, all due at {@code at}, in the
	 * caller's transaction: {@link #retryAt(Lease, String, Instant)} for many heads.
	 * @return the sequence numbers of the heads this node still held
	 */
	public Set<Long> retryAt(Collection<Lease> leases, String node, Instant at) {
		requireTransaction();
		if (leases.isEmpty()) {
			return Set.of();
		}
		SqlArrayValue seqs = longs(leases.stream().map(Lease::seq).toList());
		Timestamp due = Timestamp.from(at);
		if (this.postgres) {
			return Set.copyOf(this.jdbc.sql("""
					update queue_items set available_at = ?, next_attempt_at = ?, lease_owner = null
					where seq = any(?) and lease_owner = ?
					returning seq""").params(due, due, seqs, node).query(Long.class).list());
		}
		List<Long> held = lockHeldOnH2(seqs, node);
		if (!held.isEmpty()) {
			this.jdbc.sql(
					"update queue_items set available_at = ?, next_attempt_at = ?, lease_owner = null where seq = any(?)")
				.params(due, due, longs(held))
				.update();
		}
		return Set.copyOf(held);
	}

	/** H2 (no {@code RETURNING}): locks the heads of these this node still holds. */
	private List<Long> lockHeldOnH2(SqlArrayValue seqs, String node) {
		return this.jdbc.sql("""
				select seq from queue_items where seq = any(?) and lease_owner = ?
				order by seq for update""").params(seqs, node).query(Long.class).list();
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
					update queue_items set available_at = next_attempt_at, lease_owner = null, attempts = attempts - 1
					where seq = any(?) and lease_owner = ?""")
				.params(longs(leases.stream().map(Lease::seq).toList()), node)
				.update();
		});
	}

	/**
	 * Removes a channel's queued items, in the caller's transaction, once every
	 * transaction queuing to or finishing a head of the channel has ended; a head in
	 * flight is removed too, and its outcome then changes nothing (its lease is gone).
	 * @return the refs of the items removed
	 */
	public List<String> removeChannel(String channelId) {
		requireTransaction();
		this.locks.lockChannel(this.name, channelId);
		List<String> refs = this.jdbc.sql("select ref_id from queue_items where queue = ? and channel_id = ?")
			.params(this.name, channelId)
			.query(String.class)
			.list();
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
	 * been due (its lag). The count reads every item; the lag is one probe of the heads
	 * index per channel (a head in flight is due at its lease's end, so it is not due
	 * now), where a grouped minimum read every head: 191 ms a call with two million
	 * queued in a bench/run soak.
	 */
	public List<ChannelBacklog> backlog(Instant now) {
		Map<String, Long> depths = new TreeMap<>();
		this.jdbc.sql("select channel_id, count(*) from queue_items where queue = ? group by channel_id")
			.param(this.name)
			.query((rs, i) -> depths.put(rs.getString(1), rs.getLong(2)))
			.list();
		Map<String, Instant> oldestDue = new HashMap<>();
		readInQueueTransaction(() -> this.jdbc.sql(CHANNEL_WALK + """
				select c.channel_id, (select min(h.available_at) from queue_items h
				                      where h.queue = ? and h.channel_id = c.channel_id and h.available_at <= ?)
				from c where c.channel_id is not null""")
			.params(this.name, this.name, this.name, Timestamp.from(now))
			.query((rs, i) -> {
				Timestamp due = rs.getTimestamp(2);
				return (due != null) ? oldestDue.put(rs.getString(1), due.toInstant()) : null;
			})
			.list());
		return depths.entrySet()
			.stream()
			.map((e) -> new ChannelBacklog(e.getKey(), e.getValue(), oldestDue.get(e.getKey())))
			.toList();
	}

	/** A channel's queue: how many items wait, and since when the oldest due head. */
	public record ChannelBacklog(String channelId, long depth, @Nullable Instant oldestDueHead) {
	}

	/**
	 * Runs {@code read} in a transaction planned as the queue's own are (see
	 * {@link #planForCurrentSize}): for the rows that claimed heads refer to, which a
	 * user of the queue writes as fast as it queues them, so their statistics go stale
	 * just as quickly (measured: 42 ms a lookup of the webhook events of one claim, half
	 * of PostgreSQL's time).
	 */
	public <T> T readInQueueTransaction(Supplier<T> read) {
		return this.transactions.execute((tx) -> {
			planForCurrentSize();
			return read.get();
		});
	}

	private void requireTransaction() {
		requireActiveTransaction();
		planForCurrentSize();
	}

	private static void requireActiveTransaction() {
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			throw new IllegalStateException("The lane queue changes only inside the caller's transaction");
		}
	}

	/**
	 * Locks lanes and plans the transaction for the queue's current size: on PostgreSQL
	 * the first lock statement of a transaction does both, one round trip instead of two
	 * for every enqueue and completion.
	 */
	private void lockLanes(List<Lane> lanes) {
		boolean plan = needsPlanning();
		this.locks.lockLanes(this.name, lanes, plan);
		if (plan) {
			plannedForCurrentSize();
		}
	}

	/**
	 * On PostgreSQL, keeps this transaction's plans on the queue's indexes (once per
	 * transaction). The queue table swings from empty to many thousands of rows within
	 * seconds, and the queue column's statistics hold only the queues seen at the last
	 * analyze, long before autovacuum runs again: the planner then believes the table
	 * holds a row or two and scans it whole (measured: 36 ms per completion, 127 ms per
	 * enqueue of 200 items, on tables of a few thousand rows). The statements themselves
	 * probe lanes by keyset walks of the lane index, which no other plan can undercut.
	 */
	private void planForCurrentSize() {
		if (!needsPlanning()) {
			return;
		}
		this.jdbc.sql("set local enable_seqscan = off").update();
		plannedForCurrentSize();
	}

	private boolean needsPlanning() {
		return this.postgres && !TransactionSynchronizationManager.hasResource(PLANNED_FOR_CURRENT_SIZE);
	}

	private static void plannedForCurrentSize() {
		TransactionSynchronizationManager.bindResource(PLANNED_FOR_CURRENT_SIZE, Boolean.TRUE);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(PLANNED_FOR_CURRENT_SIZE);
			}
		});
	}

	private static final Object PLANNED_FOR_CURRENT_SIZE = new Object();

	/**
	 * Arrays typed by their elements, so that the PostgreSQL driver encodes them as such
	 * (as binary) rather than formatting each element of an {@code Object[]} as text.
	 */
	private static SqlArrayValue longs(List<Long> values) {
		return new SqlArrayValue("bigint", (Object[]) values.toArray(new Long[0]));
	}

	private static SqlArrayValue strings(String[] values) {
		return new SqlArrayValue("varchar", (Object[]) values);
	}

}
