package dev.wabagate.messaging;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.wabagate.support.TestDatabases;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Status intake finds the messages a batch of reports names through the upstream-id index
 * of {@code message_upstream_ids} and the primary key of {@code messages} alone, whatever
 * PostgreSQL's estimates of the two tables say, while the channel holds 30,000 other sent
 * messages. With the channel in the condition on {@code messages} the planner once walked
 * the channel's messages instead (229 ms a batch in a soak); V35 made that condition safe
 * (ADR 0032). Neither table loses rows, so a VACUUM or ANALYZE leaves the density it saw
 * and the planner scales it to the table's pages now: the estimates to hold against are
 * those of a table never analyzed, analyzed empty or small, analyzed as it is, and
 * overestimated. Each test has a database of its own, since it writes the estimates.
 */
class StatusIntakePlansOnPostgresTests {

	private static final Instant T0 = Instant.parse("2031-01-01T00:00:00Z");

	private static final int SENT_BEFORE = 30_000;

	private static final String CHANNEL = "ch_01M8XRJ4M0CSZP00BVE0EEXTR3";

	private JdbcClient jdbc;

	private TransactionTemplate transactions;

	private MessageLifecycle lifecycle;

	@BeforeEach
	void aDatabaseOfItsOwn() {
		DataSource dataSource = TestDatabases.freshMigratedPostgresDatabase();
		this.jdbc = JdbcClient.create(dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
		this.lifecycle = new MessageLifecycle(this.jdbc, new JdbcTemplate(dataSource), (event) -> {
		}, new SimpleMeterRegistry());
		this.jdbc.sql("insert into accounts (id, name, created_at) values ('acc_1', 'Shop', ?)")
			.param(T0.atOffset(ZoneOffset.UTC))
			.update();
		this.jdbc.sql("""
				insert into channels (id, account_id, display_phone_number, phone_number_id, waba_id, provider,
				    throughput_mps, window_policy, created_at)
				values (?, 'acc_1', '+919800000000', 'pn_1', 'waba_1', 'sandbox', 80, 'enforce', ?)""")
			.params(CHANNEL, T0.atOffset(ZoneOffset.UTC))
			.update();
		this.jdbc.sql("""
				insert into messages (id, channel_id, account_id, recipient, recipient_input, type, content, status,
				    created_at, updated_at)
				select 'msg_' || lpad(cast(n as text), 26, '0'), ?, 'acc_1', cast(447700000000 + n as text),
				    cast(447700000000 + n as text), 'text', '{}', 'sent', ?, ?
				from generate_series(1, ?) as n""")
			.params(CHANNEL, T0.atOffset(ZoneOffset.UTC), T0.atOffset(ZoneOffset.UTC), SENT_BEFORE)
			.update();
		this.jdbc.sql("""
				insert into message_upstream_ids (message_id, upstream_id, channel_id)
				select 'msg_' || lpad(cast(n as text), 26, '0'), 'wamid.' || n, ? from generate_series(1, ?) as n""")
			.params(CHANNEL, SENT_BEFORE)
			.update();
	}

	@ParameterizedTest(name = "rows {0} on pages {1} when analyzed")
	@CsvSource({ "-1, 0", "0, 0", "50, 1", "30000, -1", "10000000, -1" })
	void aBatchOfReportsReadsTheMessagesItNamesAlone(int analyzedRows, int analyzedPages) {
		statisticsOf("messages", analyzedRows, analyzedPages);
		statisticsOf("message_upstream_ids", analyzedRows, analyzedPages);

		Map<String, Long> fetched = this.transactions.execute((tx) -> {
			Map<String, Long> before = fetchedInThisTransaction();
			Map<String, MessageLifecycle.Facts> found = this.lifecycle.findByUpstreamIds(CHANNEL,
					List.of("wamid.7", "wamid.20000", "wamid.unknown"));
			assertThat(found).containsOnlyKeys("wamid.7", "wamid.20000");
			assertThat(this.lifecycle.findByUpstreamIds("ch_01M8XRJ4M0CSZP00BVE0EEXTR2", List.of("wamid.7")))
				.as("another channel's report finds no message of this channel")
				.isEmpty();
			assertThat(found.get("wamid.7").messageId()).isEqualTo("msg_" + "0".repeat(25) + "7");
			Map<String, Long> after = fetchedInThisTransaction();
			return Map.of("messages", after.get("messages") - before.get("messages"), "message_upstream_ids",
					after.get("message_upstream_ids") - before.get("message_upstream_ids"));
		});

		assertThat(fetched).as("rows fetched by the lookup, by table")
			.allSatisfy((table, rows) -> assertThat(rows).as(table).isLessThan(50));
	}

	/**
	 * What a VACUUM or ANALYZE of the table leaves in {@code pg_class} when it found
	 * {@code rows} rows on {@code pages} pages ({@code -1} rows: never analyzed;
	 * {@code -1} pages: the table's size now).
	 */
	private void statisticsOf(String table, int rows, int pages) {
		this.jdbc
			.sql("""
					update pg_class set reltuples = ?,
					    relpages = case when ? >= 0 then ? else pg_relation_size(oid) / current_setting('block_size')::int end,
					    relallvisible = 0
					where oid = cast(? as regclass)
					   or oid in (select indexrelid from pg_index where indrelid = cast(? as regclass))""")
			.params(rows, pages, pages, table, table)
			.update();
	}

	private Map<String, Long> fetchedInThisTransaction() {
		Map<String, Long> fetched = new HashMap<>(Map.of("messages", 0L, "message_upstream_ids", 0L));
		this.jdbc.sql("""
				select relname, coalesce(idx_tup_fetch, 0) + coalesce(seq_tup_read, 0)
				from pg_stat_xact_user_tables where relname in ('messages', 'message_upstream_ids')""").query((rs) -> {
			fetched.put(rs.getString(1), rs.getLong(2));
		});
		return fetched;
	}

}
