package dev.wabagate.shared.queue;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import dev.wabagate.support.TestDatabases;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V32 moves each lane's state (due time, attempts, lease) from {@code queue_lanes} onto
 * its head item, on both databases, and leaves the items behind the heads waiting.
 */
class LaneHeadsMigrationTests {

	private static final Instant QUEUED = Instant.parse("2031-01-01T00:00:00Z");

	private static final Instant DUE = Instant.parse("2031-01-01T00:05:00Z");

	private static final Instant LEASE_END = Instant.parse("2031-01-01T00:06:00Z");

	@Test
	void onH2() {
		DataSource h2 = new DriverManagerDataSource(TestDatabases.freshH2Database(), "sa", "");
		movesTheLanesOntoTheirHeads(h2, "classpath:db/migration");
	}

	@Test
	void onPostgres() {
		DataSource postgres = new DriverManagerDataSource(TestDatabases.freshPostgresDatabase(), TestDatabases.USER,
				"");
		movesTheLanesOntoTheirHeads(postgres, "classpath:db/migration", "classpath:db/vendor/postgresql");
	}

	private void movesTheLanesOntoTheirHeads(DataSource dataSource, String... locations) {
		Flyway.configure().dataSource(dataSource).locations(locations).target("30").load().migrate();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		Timestamp queued = Timestamp.from(QUEUED);
		for (String ref : List.of("a1", "a2", "a3")) {
			jdbc.sql(
					"insert into queue_items (queue, channel_id, lane_key, ref_id, queued_at) values ('outbound', 'ch', 'alice', ?, ?)")
				.params(ref, queued)
				.update();
		}
		jdbc.sql(
				"insert into queue_items (queue, channel_id, lane_key, ref_id, queued_at) values ('webhooks', 'ch', 'chat', 'e1', ?)")
			.param(queued)
			.update();
		jdbc.sql(
				"""
						insert into queue_lanes (queue, channel_id, lane_key, head_seq, available_at, next_attempt_at, attempts, lease_owner)
						select queue, channel_id, lane_key, min(seq), ?, ?, 2, 'n1' from queue_items
						where queue = 'outbound' group by queue, channel_id, lane_key""")
			.params(Timestamp.from(LEASE_END), Timestamp.from(DUE))
			.update();
		jdbc.sql("""
				insert into queue_lanes (queue, channel_id, lane_key, head_seq, available_at, next_attempt_at, attempts)
				select queue, channel_id, lane_key, seq, ?, ?, 1 from queue_items where queue = 'webhooks'""")
			.params(Timestamp.from(DUE), Timestamp.from(DUE))
			.update();

		Flyway.configure().dataSource(dataSource).locations(locations).load().migrate();

		record Item(String ref, Instant availableAt, Instant nextAttemptAt, int attempts, String leaseOwner) {
		}
		List<Item> items = jdbc.sql("""
				select ref_id, available_at, next_attempt_at, attempts, lease_owner from queue_items order by seq""")
			.query((rs, i) -> new Item(rs.getString(1),
					(rs.getTimestamp(2) != null) ? rs.getTimestamp(2).toInstant() : null,
					rs.getTimestamp(3).toInstant(), rs.getInt(4), rs.getString(5)))
			.list();
		assertThat(items).containsExactly(new Item("a1", LEASE_END, DUE, 2, "n1"),
				new Item("a2", null, QUEUED, 0, null), new Item("a3", null, QUEUED, 0, null),
				new Item("e1", DUE, DUE, 1, null));
		assertThat(jdbc.sql("select count(*) from information_schema.tables where table_name = 'queue_lanes'")
			.query(Long.class)
			.single()).isZero();
	}

}
