package dev.wabagate.shared.queue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

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
	public void lockLanes(String queue, Collection<Lane> lanes) {
		Map<String, Set<Lane>> byChannel = lanes.stream()
			.collect(Collectors.groupingBy(Lane::channelId, Collectors.toSet()));
		// key -> exclusive; ordered by key
		Map<Long, Boolean> locks = new TreeMap<>();
		byChannel.forEach((channelId, ofChannel) -> {
			boolean wholeChannel = ofChannel.size() > MAX_LANE_LOCKS_PER_CHANNEL;
			locks.merge(LaneLocks.channelKey(queue, channelId), wholeChannel, Boolean::logicalOr);
			if (!wholeChannel) {
				ofChannel.forEach((lane) -> locks.merge(lane.lockKey(queue), true, Boolean::logicalOr));
			}
		});
		take(locks);
	}

	@Override
	public void lockChannel(String queue, String channelId) {
		take(Map.of(LaneLocks.channelKey(queue, channelId), true));
	}

	/**
	 * unnest reads the arrays out in their order, so the locks are taken in key order.
	 */
	private void take(Map<Long, Boolean> locks) {
		if (locks.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				select count(case when t.exclusive then cast(pg_advisory_xact_lock(t.lock_key) as text)
				                  else cast(pg_advisory_xact_lock_shared(t.lock_key) as text) end)
				from unnest(?, ?) as t (lock_key, exclusive)""")
			.params(new SqlArrayValue("bigint", locks.keySet().toArray()),
					new SqlArrayValue("boolean", List.copyOf(locks.values()).toArray()))
			.query(Long.class)
			.single();
	}

}
