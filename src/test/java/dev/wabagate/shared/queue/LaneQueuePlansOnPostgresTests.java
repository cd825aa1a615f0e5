package dev.wabagate.shared.queue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.wabagate.support.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lane's probes (does the lane hold an item? which item follows its head?) read that
 * lane's entries of {@code queue_items_lane} alone, whatever PostgreSQL's estimates say,
 * while 30,000 items of other lanes wait. The estimates are those a VACUUM leaves when it
 * runs while the table holds a few rows on many pages (the gateway's own vacuum runs once
 * a burst has drained): with lookups by the lane's columns the planner then walked the
 * queue's entries of {@code queue_items_ref} or the primary key (bench/run: 3.8 ms a
 * completion instead of 0.14; here 30,004 rows fetched). Each test has a database of its
 * own, since it writes the table's estimates.
 */
class LaneQueuePlansOnPostgresTests {

	private static final Instant T0 = Instant.parse("2031-01-01T00:00:00Z");

	private static final int QUEUED_ELSEWHERE = 30_000;

	private static final String CHANNEL = "ch_01M8XRJ4M0CSZP00BVE0EEXTR3";

	private static final String NODE = "n1";

	private JdbcClient jdbc;

	private TransactionTemplate transactions;

	private LaneQueue queue;

	@BeforeEach
	void aDatabaseOfItsOwn() throws Exception {
		DataSource dataSource = TestDatabases.freshMigratedPostgresDatabase();
		this.jdbc = JdbcClient.create(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.queue = new LaneQueues(dataSource, this.jdbc, this.transactions).queue("plans");
	}

	@ParameterizedTest(name = "estimated rows {0}")
	@ValueSource(ints = { 0, 1, 50, 30_000 })
	void completingAHeadReadsItsLaneAlone(int estimatedRows) {
		enqueue("447700999999", "a1", "a2");
		queueHeadsElsewhere();
		List<Lease> head = this.queue.claim(CHANNEL, NODE, 10, T0, T0.plus(Duration.ofMinutes(1)));
		assertThat(head).extracting(Lease::ref).containsExactly("a1");
		statisticsOfAVacuumThatLeft(estimatedRows);

		long fetched = rowsFetchedBy(() -> this.queue.complete(head, NODE, T0));

		List<Lease> next = this.queue.claim(CHANNEL, NODE, 10, T0, T0.plus(Duration.ofMinutes(1)));
		assertThat(next).extracting(Lease::ref).containsExactly("a2");
		assertThat(fetched).as("rows of queue_items fetched by the completion").isLessThan(50);
	}

	@ParameterizedTest(name = "estimated rows {0}")
	@ValueSource(ints = { 0, 1, 50, 30_000 })
	void queuingToALaneReadsItsLaneAlone(int estimatedRows) {
		enqueue("447700999999", "a1");
		queueHeadsElsewhere();
		statisticsOfAVacuumThatLeft(estimatedRows);

		long fetched = rowsFetchedBy(() -> {
			this.queue.enqueue(List.of(new QueueEntry(CHANNEL, "447700999998", "b1", T0),
					new QueueEntry(CHANNEL, "447700999999", "a2", T0)), T0);
			return null;
		});

		List<Lease> heads = this.queue.claim(CHANNEL, NODE, 10, T0, T0.plus(Duration.ofMinutes(1)));
		assertThat(heads).extracting(Lease::ref).containsExactlyInAnyOrder("a1", "b1");
		assertThat(fetched).as("rows of queue_items fetched by the enqueue").isLessThan(50);
	}

	@ParameterizedTest(name = "estimated rows {0}")
	@ValueSource(ints = { 0, 1, 50, 30_000 })
	void claimingReadsTheChannelsDueHeadsAlone(int estimatedRows) {
		enqueue("447700999999", "a1", "a2");
		enqueue("447700999998", "b1");
		queueHeadsElsewhere();
		statisticsOfAVacuumThatLeft(estimatedRows);

		List<Lease> claimed = new ArrayList<>();
		long fetched = rowsFetchedBy(
				() -> claimed.addAll(this.queue.claim(CHANNEL, NODE, 10, T0, T0.plus(Duration.ofMinutes(1)))));

		assertThat(claimed).extracting(Lease::ref).containsExactlyInAnyOrder("a1", "b1");
		assertThat(fetched).as("rows of queue_items fetched by the claim").isLessThan(50);
	}

	/**
	 * What a VACUUM of the table leaves in {@code pg_class} when it ran while the table
	 * held {@code rows} live rows on many pages and none of them all-visible; each
	 * connection reads them anew (a fresh server process per connection here).
	 */
	private void statisticsOfAVacuumThatLeft(int rows) {
		this.jdbc
			.sql("""
					update pg_class set reltuples = ?, relpages = pg_relation_size(oid) / current_setting('block_size')::int,
					    relallvisible = 0
					where oid = 'queue_items'::regclass
					   or oid in (select indexrelid from pg_index where indrelid = 'queue_items'::regclass)""")
			.param(rows)
			.update();
	}

	/** Heads of one item each, in lanes of their own, on another channel. */
	private void queueHeadsElsewhere() {
		this.jdbc.sql("""
				insert into queue_items (queue, channel_id, lane_key, ref_id, queued_at, available_at, next_attempt_at)
				select ?, ?, cast(447700000000 + n as text), ? || lpad(cast(n as text), 26, '0'), ?, ?, ?
				from generate_series(1, ?) as n""")
			.params(this.queue.name(), "ch_01M8XRJ4M0CSZP00BVE0EEXTR2", "msg_", T0.atOffset(ZoneOffset.UTC),
					T0.atOffset(ZoneOffset.UTC), T0.atOffset(ZoneOffset.UTC), QUEUED_ELSEWHERE)
			.update();
	}

	private void enqueue(String lane, String... refs) {
		this.transactions.executeWithoutResult((tx) -> this.queue
			.enqueue(List.of(refs).stream().map((ref) -> new QueueEntry(CHANNEL, lane, ref, T0)).toList(), T0));
	}

	/** Rows of queue_items the work read, counted in its own transaction. */
	private long rowsFetchedBy(Supplier<?> work) {
		Long fetched = this.transactions.execute((tx) -> {
			long before = fetchedInThisTransaction();
			work.get();
			return fetchedInThisTransaction() - before;
		});
		return (fetched != null) ? fetched : 0;
	}

	private long fetchedInThisTransaction() {
		return this.jdbc.sql("""
				select coalesce(idx_tup_fetch, 0) + coalesce(seq_tup_read, 0)
				from pg_stat_xact_user_tables where relname = 'queue_items'""").query(Long.class).single();
	}

}
