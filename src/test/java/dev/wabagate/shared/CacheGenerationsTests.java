package dev.wabagate.shared;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.wabagate.support.PostgresGatewayTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node drops its cached entries when another node's change commits (seen as the counter
 * moving at the next read of the counters) and at once when its own change commits; a
 * rolled-back change drops them too, harmlessly.
 */
class CacheGenerationsTests extends PostgresGatewayTest {

	@Autowired
	private CacheGenerations generations;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TransactionTemplate transactions;

	/** A kind of its own, so that template changes of other tests leave it alone. */
	private String newKind() {
		String kind = "test-" + Ids.next("k");
		this.jdbc.sql("insert into cache_generations (name, generation) values (?, 0)").param(kind).update();
		this.generations.poll();
		return kind;
	}

	@Test
	void anotherNodesChangeDropsTheCacheAtTheNextReadOfTheCounters() {
		String kind = newKind();
		CacheGenerations.Cache<String, Integer> cache = this.generations.cache(kind, 10);
		AtomicInteger loads = new AtomicInteger();
		assertThat(cache.get("a", (key) -> loads.incrementAndGet())).isEqualTo(1);
		this.generations.poll();
		assertThat(cache.get("a", (key) -> loads.incrementAndGet())).as("unchanged: still cached").isEqualTo(1);

		// What another node's change does in its transaction.
		this.jdbc.sql("update cache_generations set generation = generation + 1 where name = ?").param(kind).update();
		this.generations.poll();
		assertThat(cache.get("a", (key) -> loads.incrementAndGet())).isEqualTo(2);
	}

	@Test
	void thisNodesChangeDropsTheCacheWhenItCommits() {
		String kind = newKind();
		CacheGenerations.Cache<String, Integer> cache = this.generations.cache(kind, 10);
		AtomicInteger loads = new AtomicInteger();
		assertThat(cache.get("a", (key) -> loads.incrementAndGet())).isEqualTo(1);
		this.transactions.executeWithoutResult((tx) -> {
			this.generations.changed(kind);
			assertThat(cache.get("a", (key) -> loads.incrementAndGet())).as("before the commit").isEqualTo(1);
		});
		assertThat(cache.get("a", (key) -> loads.incrementAndGet())).isEqualTo(2);
	}

	@Test
	void aFullCacheStartsAgainEmpty() {
		String kind = newKind();
		CacheGenerations.Cache<Integer, Integer> cache = this.generations.cache(kind, 2);
		AtomicInteger loads = new AtomicInteger();
		cache.get(1, (key) -> loads.incrementAndGet());
		cache.get(2, (key) -> loads.incrementAndGet());
		cache.get(3, (key) -> loads.incrementAndGet());
		assertThat(cache.get(3, (key) -> loads.incrementAndGet())).isEqualTo(3);
		assertThat(cache.get(1, (key) -> loads.incrementAndGet())).as("dropped when full").isEqualTo(4);
	}

}
