package dev.wabagate.support;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * One fresh PostgreSQL database per test JVM on the local server (127.0.0.1:5432, trust
 * auth; override with WABAGATE_TEST_PG_HOST, _PORT, _USER). Tests isolate themselves by
 * creating their own accounts, so all test classes share it and Spring's context cache
 * stays small.
 */
public final class TestDatabases {

	private static final String HOST = env("WABAGATE_TEST_PG_HOST", "127.0.0.1");

	private static final String PORT = env("WABAGATE_TEST_PG_PORT", "5432");

	public static final String USER = env("WABAGATE_TEST_PG_USER", "postgres");

	private static String postgresUrl;

	private TestDatabases() {
	}

	public static synchronized String postgresUrl() {
		if (postgresUrl == null) {
			String name = "wabagate_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
			execute("create database " + name);
			Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(name)));
			postgresUrl = url(name);
		}
		return postgresUrl;
	}

	/**
	 * A database of its own, for tests that run several gateway processes against one
	 * database.
	 */
	public static String freshPostgresDatabase() {
		String name = "wabagate_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		execute("create database " + name);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> dropQuietly(name)));
		return url(name);
	}

	/**
	 * A database of its own with the gateway's schema, for tests that write what the
	 * planner knows of its tables.
	 */
	public static DataSource freshMigratedPostgresDatabase() {
		DataSource dataSource = new DriverManagerDataSource(freshPostgresDatabase(), USER, "");
		migrations(dataSource, "postgresql").load().migrate();
		return dataSource;
	}

	/**
	 * The gateway's migrations for a database of {@code vendor} ({@code postgresql} or
	 * {@code h2}), as the gateway finds them, for a test to run to a target or to the
	 * end.
	 */
	public static FluentConfiguration migrations(DataSource dataSource, String vendor) {
		return Flyway.configure()
			.dataSource(dataSource)
			.locations("classpath:db/migration", "classpath:db/vendor/" + vendor);
	}

	/**
	 * An empty in-memory H2 database in the gateway's PostgreSQL mode, for migration
	 * tests; user {@code sa}, no password.
	 */
	public static String freshH2Database() {
		return "jdbc:h2:mem:migration_" + UUID.randomUUID().toString().replace("-", "")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
	}

	/**
	 * A database of its own reached through {@code proxy} (a {@link TcpProxy} in front of
	 * the server), for tests that make the database unreachable.
	 */
	public static String freshPostgresDatabaseThrough(TcpProxy proxy) {
		String direct = freshPostgresDatabase();
		return direct.replace(HOST + ":" + PORT, "127.0.0.1:" + proxy.port());
	}

	/** Where a {@link TcpProxy} in front of the test server connects to. */
	public static TcpProxy proxy() throws IOException {
		return new TcpProxy(HOST, Integer.parseInt(PORT));
	}

	private static String url(String database) {
		return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
	}

	private static void execute(String sql) {
		try (Connection connection = DriverManager.getConnection(url("postgres"), USER, "");
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Tests need PostgreSQL on " + HOST + ":" + PORT + " (" + sql + ")", ex);
		}
	}

	private static void dropQuietly(String name) {
		try {
			execute("drop database if exists " + name + " with (force)");
		}
		catch (IllegalStateException ex) {
			// The JVM is exiting; a leftover test database is harmless.
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
