package dev.wabagate.messaging;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.wabagate.support.TestDatabases;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V35 moves the provider's ids of sent messages off {@code messages} into
 * {@code message_upstream_ids}: on both databases every recorded id is carried over with
 * its message and channel, a message never sent gets none, and the column is gone.
 */
class ProviderIdsMigrationTests {

	private static final Timestamp T0 = Timestamp.from(Instant.parse("2026-12-04T10:00:00Z"));

	@Test
	void theProviderIdsOnH2AreCarriedOver() {
		migrate(TestDatabases.freshH2Database(), "sa", "h2");
	}

	@Test
	void theProviderIdsOnPostgresqlAreCarriedOver() {
		migrate(TestDatabases.freshPostgresDatabase(), TestDatabases.USER, "postgresql");
	}

	private void migrate(String url, String user, String vendor) {
		DriverManagerDataSource database = new DriverManagerDataSource(url, user, "");
		JdbcClient jdbc = JdbcClient.create(database);
		TestDatabases.migrations(database, vendor).target("34").load().migrate();
		jdbc.sql("insert into accounts (id, name, created_at) values ('acc_1', 'Shop', ?)").param(T0).update();
		for (String channel : List.of("ch_1", "ch_2")) {
			jdbc.sql("""
					insert into channels (id, account_id, display_phone_number, phone_number_id, waba_id, provider,
					    throughput_mps, window_policy, created_at)
					values (?, 'acc_1', ?, ?, 'waba_1', 'sandbox', 80, 'enforce', ?)""")
				.params(channel, "+91980000000" + channel.charAt(3), "pn_" + channel, T0)
				.update();
		}
		insert(jdbc, "msg_sent", "ch_1", "wamid.SENT");
		insert(jdbc, "msg_other_channel", "ch_2", "wamid.OTHER");
		insert(jdbc, "msg_queued", "ch_1", null);

		TestDatabases.migrations(database, vendor).load().migrate();

		assertThat(jdbc.sql("select message_id, upstream_id, channel_id from message_upstream_ids order by message_id")
			.query((rs, i) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
			.list()).containsExactly(List.of("msg_other_channel", "wamid.OTHER", "ch_2"),
					List.of("msg_sent", "wamid.SENT", "ch_1"));
		assertThat(jdbc
			.sql("select count(*) from information_schema.columns where lower(table_name) = 'messages' "
					+ "and lower(column_name) = 'upstream_id'")
			.query(Integer.class)
			.single()).isZero();
	}

	private static void insert(JdbcClient jdbc, String id, String channel, @Nullable String upstreamId) {
		jdbc.sql("""
				insert into messages (id, channel_id, account_id, recipient, recipient_input, type, content, status,
				    upstream_id, created_at, updated_at)
				values (?, ?, 'acc_1', '919811112222', '919811112222', 'text', '{}', ?, ?, ?, ?)""")
			.params(id, channel, (upstreamId != null) ? "sent" : "accepted", upstreamId, T0, T0)
			.update();
	}

}
