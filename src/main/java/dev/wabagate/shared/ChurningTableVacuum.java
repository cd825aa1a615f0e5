package dev.wabagate.shared;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Vacuums the small tables whose rows all turn over within seconds (the queue's items,
 * the sandbox's timeline) once dead rows pile up in them, on PostgreSQL. Their claims and
 * lane probes walk the dead index entries until a vacuum removes them. Autovacuum does it
 * when it is on (V12_1 and V32_1 give these tables low thresholds), but a server may run
 * with autovacuum off, or with its workers busy on large tables for minutes: on the
 * bench's server (autovacuum off) {@code queue_items} held 115,000 dead rows and the
 * accepts ran at a third of their rate. The check runs every second: a busy queue kills
 * 15,000 to 25,000 rows a second, and checked every 10 s {@code queue_items} reached
 * 150,000 dead rows within a burst (26,000 at most with 1 s). One node vacuums at a time
 * (a session advisory lock); a table autovacuum keeps clean never reaches the threshold.
 */
@Component
class ChurningTableVacuum {

	private static final Logger log = LoggerFactory.getLogger(ChurningTableVacuum.class);

	/** The advisory lock key of the vacuum, so that two nodes do not queue up for it. */
	private static final long LOCK_KEY = 0x5761626167617465L;

	private final JdbcTemplate jdbc;

	private final boolean postgres;

	private final List<String> tables;

	private final long deadRows;

	ChurningTableVacuum(DataSource dataSource, JdbcTemplate jdbc,
			@Value("${wabagate.vacuum.tables:queue_items,sandbox_jobs}") List<String> tables,
			@Value("${wabagate.vacuum.dead-rows:10000}") long deadRows) throws MetaDataAccessException {
		this.jdbc = jdbc;
		this.postgres = "PostgreSQL"
			.equals(JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName));
		this.tables = tables;
		this.deadRows = deadRows;
	}

	@Scheduled(fixedDelayString = "${wabagate.vacuum.check-interval:1s}")
	void vacuumWhereDeadRowsPiledUp() {
		if (!this.postgres) {
			return;
		}
		List<String> due = this.jdbc.queryForList("""
				select relname from pg_stat_user_tables
				where schemaname = current_schema() and relname = any(?) and n_dead_tup >= ?""", String.class,
				this.tables.toArray(String[]::new), this.deadRows);
		if (due.isEmpty()) {
			return;
		}
		// VACUUM runs outside a transaction: one connection, in autocommit, holds the
		// lock.
		this.jdbc.execute((Connection connection) -> {
			try (Statement statement = connection.createStatement()) {
				try (ResultSet locked = statement.executeQuery("select pg_try_advisory_lock(" + LOCK_KEY + ")")) {
					if (!locked.next() || !locked.getBoolean(1)) {
						return null;
					}
				}
				try {
					for (String table : due) {
						long started = System.nanoTime();
						// No ANALYZE: statistics taken mid-burst gave
						// the queue's completion a 4.8 ms plan, not 0.14.
						statement.execute("vacuum \"" + table.replace("\"", "\"\"") + "\"");
						log.debug("Vacuumed {} in {} ms", table, (System.nanoTime() - started) / 1_000_000);
					}
				}
				finally {
					statement.execute("select pg_advisory_unlock(" + LOCK_KEY + ")");
				}
			}
			return null;
		});
	}

}
