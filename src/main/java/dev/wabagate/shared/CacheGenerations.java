package dev.wabagate.shared;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * In-memory caches of data that changes rarely and is read on every request (a channel's
 * templates), kept right across nodes: the transaction that changes the data bumps the
 * kind's counter in {@code cache_generations}; this node drops its cache when that
 * transaction commits, and every node reads the counters each second and drops the caches
 * whose counter moved. A node therefore serves a stale entry for at most about a second
 * after the change committed, on any node, and a counter read that fails (the database is
 * away) is simply made again: counters only grow, so no change is missed.
 */
@Component
public class CacheGenerations {

	private static final Logger log = LoggerFactory.getLogger(CacheGenerations.class);

	private final JdbcClient jdbc;

	private final Map<String, Long> seen = new ConcurrentHashMap<>();

	private final List<Cache<?, ?>> caches = new CopyOnWriteArrayList<>();

	CacheGenerations(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A cache of the kind {@code name} (a row of {@code cache_generations}) holding at
	 * most {@code maxEntries}; when full it starts again empty.
	 */
	public <K, V> Cache<K, V> cache(String name, int maxEntries) {
		Cache<K, V> cache = new Cache<>(name, maxEntries);
		this.caches.add(cache);
		return cache;
	}

	/**
	 * Says that data of the kind {@code name} changes in the current transaction: other
	 * nodes drop their caches of it within a second of the commit, this one at the
	 * commit.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void changed(String name) {
		this.jdbc.sql("update cache_generations set generation = generation + 1 where name = ?").param(name).update();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				dropAll(name);
			}
		});
	}

	@Scheduled(fixedDelayString = "${wabagate.cache-generations.poll-interval:1s}")
	void poll() {
		try {
			this.jdbc.sql("select name, generation from cache_generations").query((rs, i) -> {
				String name = rs.getString(1);
				long generation = rs.getLong(2);
				Long before = this.seen.put(name, generation);
				// First read: entries cached before it may predate a change it already
				// counts.
				if (before == null || before != generation) {
					dropAll(name);
				}
				return name;
			}).list();
		}
		catch (DataAccessException ex) {
			// Nothing cached can be trusted longer than the last good read: start afresh.
			log.debug("Could not read the cache generations; dropping every cache", ex);
			this.caches.forEach(Cache::clear);
			this.seen.clear();
		}
	}

	private void dropAll(String name) {
		this.caches.stream().filter((cache) -> cache.name.equals(name)).forEach(Cache::clear);
	}

	/** One cache; entries are dropped all together when their kind changes. */
	public static final class Cache<K, V> {

		private final String name;

		private final int maxEntries;

		private final Map<K, V> entries = new ConcurrentHashMap<>();

		private Cache(String name, int maxEntries) {
			this.name = name;
			this.maxEntries = maxEntries;
		}

		public V get(K key, Function<K, V> load) {
			V cached = this.entries.get(key);
			if (cached != null) {
				return cached;
			}
			V loaded = load.apply(key);
			if (this.entries.size() >= this.maxEntries) {
				this.entries.clear();
			}
			this.entries.put(key, loaded);
			return loaded;
		}

		void clear() {
			this.entries.clear();
		}

	}

}
