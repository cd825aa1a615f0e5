package dev.wabagate.shared;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongPredicate;

import org.junit.jupiter.api.Test;

import dev.wabagate.support.PostgresGatewayTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A churning table that piles up dead rows is vacuumed by the gateway, whatever the
 * server's autovacuum does (it is the manual vacuum's time that moves, not autovacuum's).
 */
class ChurningTableVacuumTests extends PostgresGatewayTest {

	@Autowired
	private ChurningTableVacuum vacuum;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void aTableWithTenThousandDeadRowsIsVacuumed() throws InterruptedException {
		Timestamp before = Timestamp.from(Instant.now());
		this.jdbc.sql("""
				insert into sandbox_jobs (channel_id, due_at, kind, payload)
				select 'vacuum-test', now() + interval '1 day', 'status', '{}' from generate_series(1, 12000)""")
			.update();
		this.jdbc.sql("delete from sandbox_jobs where channel_id = 'vacuum-test'").update();
		awaitStatistics((dead) -> dead >= 10_000);

		this.vacuum.vacuumWhereDeadRowsPiledUp();

		Optional<Timestamp> lastVacuum = this.jdbc
			.sql("select last_vacuum from pg_stat_user_tables where relname = 'sandbox_jobs'"
					+ " and schemaname = current_schema()")
			.query(Timestamp.class)
			.optional();
		assertThat(lastVacuum).hasValueSatisfying((at) -> assertThat(at).isAfterOrEqualTo(before));
		assertThat(deadRows()).isLessThan(10_000);
	}

	/**
	 * PostgreSQL publishes a backend's table counters up to a second after its writes.
	 */
	private void awaitStatistics(LongPredicate done) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!done.test(deadRows()) && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
	}

	private long deadRows() {
		return this.jdbc
			.sql("select n_dead_tup from pg_stat_user_tables where relname = 'sandbox_jobs'"
					+ " and schemaname = current_schema()")
			.query(Long.class)
			.single();
	}

}
