package dev.wabagate.messaging;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.wabagate.support.TestDatabases;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V31 moves each message's status history from {@code message_status_history} onto its
 * row (ADR 0030): on both databases, the history the message view derives from the row
 * afterwards is the one the table held, errors on the statuses that carried them, and the
 * table is gone. The table sorted a history by time; the view follows the lattice, which
 * differs only where a provider's time is behind ours (Meta's whole seconds).
 */
class StatusTimesMigrationTests {

	private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123Z");

	private final Map<String, Stored> stored = new LinkedHashMap<>();

	@Test
	void theHistoryOnH2IsTheOneTheTableHeld() {
		migrate(TestDatabases.freshH2Database(), "sa", "h2");
	}

	@Test
	void theHistoryOnPostgresqlIsTheOneTheTableHeld() {
		migrate(TestDatabases.freshPostgresDatabase(), TestDatabases.USER, "postgresql");
	}

	private void migrate(String url, String user, String vendor) {
		DriverManagerDataSource database = new DriverManagerDataSource(url, user, "");
		JdbcClient jdbc = JdbcClient.create(database);
		TestDatabases.migrations(database, vendor).target("30").load().migrate();
		jdbc.sql("insert into accounts (id, name, created_at) values ('acc_1', 'Shop', ?)").param(at(0)).update();
		jdbc.sql("""
				insert into channels (id, account_id, display_phone_number, phone_number_id, waba_id, provider,
				    throughput_mps, window_policy, created_at)
				values ('ch_1', 'acc_1', '+919800000000', 'pn_1', 'waba_1', 'sandbox', 80, 'enforce', ?)""")
			.param(at(0))
			.update();
		store("msg_accepted", "accepted", null, step("accepted", 0));
		store("msg_read", "read", null, step("accepted", 0), step("sent", 1), step("delivered", 2), step("read", 3));
		store("msg_read_first", "read", null, step("accepted", 0), step("sent", 5), step("delivered", 5),
				step("read", 5));
		store("msg_failed", "failed", 131026, step("accepted", 0), step("sent", 1),
				new Old("failed", at(2), 131026, "Message Undeliverable"));
		store("msg_refused", "failed", 131047, step("accepted", 0),
				new Old("failed", at(1), 131047, "Re-engagement message"));
		store("msg_warned", "delivered", 131049, step("accepted", 0),
				new Old("sent", at(1), 131049, "Ecosystem warning"), step("delivered", 2));
		store("msg_whole_seconds", "sent", null, step("accepted", 0),
				new Old("sent", Timestamp.from(T0.truncatedTo(ChronoUnit.SECONDS)), null, null));
		this.stored.forEach((id, message) -> message.insert(jdbc, id));
		Map<String, List<MessageView.StatusChange>> before = new LinkedHashMap<>();
		this.stored.keySet()
			.forEach((id) -> before.put(id,
					jdbc.sql("""
							select status, occurred_at, error_code, error_title from message_status_history
							where message_id = ? order by occurred_at, id""")
						.param(id)
						.query((rs, i) -> new MessageView.StatusChange(rs.getString(1), rs.getTimestamp(2).toInstant(),
								(Integer) rs.getObject(3), rs.getString(4)))
						.list()));

		TestDatabases.migrations(database, vendor).load().migrate();

		this.stored.keySet()
			.forEach((id) -> assertThat(jdbc
				.sql("select created_at, error_code, error_title, %s from messages where id = ?"
					.formatted(StatusTimes.COLUMNS))
				.param(id)
				.query((rs, i) -> StatusTimes.history(rs.getTimestamp("created_at").toInstant(), rs))
				.single()).as(id).isEqualTo(inLatticeOrder(before.get(id))));
		assertThat(jdbc.sql("select count(*) from information_schema.tables where lower(table_name) = ?")
			.param("message_status_history")
			.query(Integer.class)
			.single()).isZero();
	}

	private void store(String id, String status, @Nullable Integer errorCode, Old... history) {
		this.stored.put(id, new Stored(status, errorCode, List.of(history)));
	}

	private static List<MessageView.StatusChange> inLatticeOrder(List<MessageView.StatusChange> history) {
		return history.stream()
			.sorted(Comparator.comparing((change) -> MessageStatus.fromWire(change.status())))
			.toList();
	}

	private static Old step(String status, int seconds) {
		return new Old(status, at(seconds), null, null);
	}

	private static Timestamp at(int seconds) {
		return Timestamp.from(T0.plusSeconds(seconds));
	}

	/** A history row as the gateway wrote it before V31. */
	private record Old(String status, Timestamp at, @Nullable Integer errorCode, @Nullable String errorTitle) {
	}

	/**
	 * A message as the gateway left it before V31: its row keeps the last error its
	 * history carried, with details the history never had.
	 */
	private record Stored(String status, @Nullable Integer errorCode, List<Old> history) {

		void insert(JdbcClient jdbc, String id) {
			Old last = this.history.get(this.history.size() - 1);
			String errorTitle = this.history.stream()
				.filter((old) -> old.errorTitle() != null)
				.reduce((first, second) -> second)
				.map(Old::errorTitle)
				.orElse(null);
			jdbc.sql("""
					insert into messages (id, channel_id, account_id, recipient, recipient_input, type, content, status,
					    upstream_id, error_code, error_title, error_details, created_at, updated_at)
					values (?, 'ch_1', 'acc_1', '919811112222', '919811112222', 'text', '{}', ?, ?, ?, ?, ?, ?, ?)""")
				.params(id, this.status, "wamid." + id, this.errorCode, errorTitle,
						(this.errorCode != null) ? "details of " + this.errorCode : null, at(0), last.at())
				.update();
			for (Old old : this.history) {
				jdbc.sql("""
						insert into message_status_history (message_id, status, occurred_at, error_code, error_title)
						values (?, ?, ?, ?, ?)""")
					.params(id, old.status(), old.at(), old.errorCode(), old.errorTitle())
					.update();
			}
		}

	}

}
