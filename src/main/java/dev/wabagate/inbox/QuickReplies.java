package dev.wabagate.inbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.Ids;
import dev.wabagate.shared.Violations;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * An account's saved answers, which agents insert into the composer and edit before
 * sending.
 */
@Service
class QuickReplies {

	static final int MAX_TITLE = 60;

	static final int MAX_BODY = 4096;

	private final JdbcClient jdbc;

	private final Clock clock;

	QuickReplies(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	record QuickReply(String id, String title, String body) {
	}

	List<QuickReply> of(String accountId) {
		return this.jdbc.sql("select id, title, body from quick_replies where account_id = ? order by title, id")
			.param(accountId)
			.query((rs, i) -> new QuickReply(rs.getString(1), rs.getString(2), rs.getString(3)))
			.list();
	}

	QuickReply add(String accountId, String title, String body) {
		Violations violations = new Violations();
		if (title.isBlank() || title.length() > MAX_TITLE) {
			violations.invalid("title", "length", MAX_TITLE, "title is required, at most " + MAX_TITLE + " characters");
		}
		if (body.isBlank() || body.length() > MAX_BODY) {
			violations.invalid("body", "length", MAX_BODY, "body is required, at most " + MAX_BODY + " characters");
		}
		violations.throwIfAny();
		QuickReply reply = new QuickReply(Ids.next("qr"), title.strip(), body);
		this.jdbc.sql("insert into quick_replies (id, account_id, title, body, created_at) values (?, ?, ?, ?, ?)")
			.params(reply.id(), accountId, reply.title(), reply.body(), Timestamp.from(this.clock.instant()))
			.update();
		return reply;
	}

	void delete(String accountId, String id) {
		if (this.jdbc.sql("delete from quick_replies where id = ? and account_id = ?")
			.params(id, accountId)
			.update() == 0) {
			throw ApiException.notFound("Quick reply " + id);
		}
	}

}
