package dev.wabagate.messaging;

import java.util.List;
import java.util.Optional;

import dev.wabagate.accounts.Channel;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Reads messages for their channel; another channel's message does not exist for the
 * caller.
 */
@Service
public class MessageQueries {

	private final JdbcClient jdbc;

	MessageQueries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<MessageView> find(Channel channel, String messageId) {
		return this.jdbc.sql("""
				select id, recipient_input, recipient, type, status, upstream_id, error_code, error_title,
				    error_details, created_at, updated_at, content
				from messages where id = ? and channel_id = ?""").params(messageId, channel.id()).query((rs, i) -> {
			Integer errorCode = (Integer) rs.getObject(7);
			MessageView.Error error = (errorCode != null)
					? new MessageView.Error(errorCode, rs.getString(8), rs.getString(9)) : null;
			return new MessageView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
					rs.getString(6), error, rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant(),
					statuses(messageId), attempts(messageId), rs.getString(12));
		}).optional();
	}

	private List<MessageView.StatusChange> statuses(String messageId) {
		return this.jdbc.sql("""
				select status, occurred_at, error_code, error_title from message_status_history
				where message_id = ? order by occurred_at, id""")
			.param(messageId)
			.query((rs, i) -> new MessageView.StatusChange(rs.getString(1), rs.getTimestamp(2).toInstant(),
					(Integer) rs.getObject(3), rs.getString(4)))
			.list();
	}

	private List<MessageView.Attempt> attempts(String messageId) {
		return this.jdbc.sql("""
				select attempted_at, outcome, error_code, error_title, duration_ms, node from message_attempts
				where message_id = ? order by attempted_at, id""")
			.param(messageId)
			.query((rs, i) -> new MessageView.Attempt(rs.getTimestamp(1).toInstant(), rs.getString(2),
					(Integer) rs.getObject(3), rs.getString(4), rs.getInt(5), rs.getString(6)))
			.list();
	}

}
