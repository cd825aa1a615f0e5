package dev.wabagate.shared.queue;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * PostgreSQL: transaction-scoped advisory locks, one per lane (exclusive) under one per
 * channel (shared), all taken by one statement in the order of their keys, so that
 * transactions locking overlapping lanes never wait on each other in a cycle. Removing a
 * channel takes the channel's lock exclusively, which waits for every transaction on its
 * lanes without naming them. Advisory locks live in PostgreSQL's shared lock table
 * ({@code max_locks_per_transaction} × connections slots): a call naming more than
 * {@value #MAX_LANE_LOCKS_PER_CHANNEL} lanes of one channel (a replay of thousands of
 * events) takes that channel's lock exclusively instead of one lock per lane.
 */
final class AdvisoryLaneLocks implements LaneLocks {

	static final int MAX_LANE_LOCKS_PER_CHANNEL = 256;

	private final JdbcClient jdbc;

	AdvisoryLaneLocks(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void lockLanes(String queue, Collection<Lane> lanes, boolean withoutSequentialScans) {
		Map<String, Set<String>> keysByChannel = new HashMap<>();
		for (Lane lane : lanes) {
			keysByChannel.computeIfAbsent(lane.channelId(), (channelId) -> new HashSet<>()).add(lane.key());
		}
		// key -> exclusive; ordered by key
		Map<Long, Boolean> locks = new TreeMap<>();
		keysByChannel.forEach((channelId, keys) -> {
			boolean wholeChannel = keys.size() > MAX_LANE_LOCKS_PER_CHANNEL;
			locks.merge(LaneLocks.channelKey(queue, channelId), wholeChannel, Boolean::logicalOr);
			if (!wholeChannel) {
				for (String key : keys) {
					locks.put(LaneLocks.hash(queue, channelId, key), true);
				}
			}
		});
		take(locks, withoutSequentialScans);
	}

	@Override
	public void lockChannel(String queue, String channelId) {
		take(Map.of(LaneLocks.channelKey(queue, channelId), true), false);
	}

	/**
	 * unnest reads the arrays out in their order, so the locks are taken in key order.
	 * Typed arrays, so that the driver sends them as binary arrays rather than formatting
	 * each element as text.
	 */
	private void take(Map<Long, Boolean> locks, boolean withoutSequentialScans) {
		if (locks.isEmpty()) {
			return;
		}
		this.jdbc.sql(withoutSequentialScans ? LOCK_WITHOUT_SEQUENTIAL_SCANS : LOCK)
			.params(new SqlArrayValue("bigint", (Object[]) locks.keySet().toArray(new Long[0])),
					new SqlArrayValue("boolean", (Object[]) locks.values().toArray(new Boolean[0])))
			.query((rs, i) -> rs.getLong(1))
			.single();
	}

	private static final String LOCK_THEN = """
			select count(case when t.exclusive then cast(pg_advisory_xact_lock(t.lock_key) as text)
			                  else cast(pg_advisory_xact_lock_shared(t.lock_key) as text) end)%s
			from unnest(?, ?) as t (lock_key, exclusive)""";

	private static final String LOCK = LOCK_THEN.formatted("");

	/** {@link #LOCK} and {@code set local enable_seqscan = off}, in one statement. */
	private static final String LOCK_WITHOUT_SEQUENTIAL_SCANS = LOCK_THEN
		.formatted(", set_config('enable_seqscan', 'off', true)");

}
