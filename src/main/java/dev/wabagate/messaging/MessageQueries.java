package dev.wabagate.messaging;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

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
				select m.id, m.recipient_input, m.recipient, m.type, m.status, u.upstream_id, m.error_code,
				    m.error_title, m.error_details, m.created_at, m.updated_at, m.content, %s
				from messages m left join message_upstream_ids u on u.message_id = m.id
				where m.id = ? and m.channel_id = ?""".formatted(StatusTimes.COLUMNS))
			.params(messageId, channel.id())
			.query((rs, i) -> {
				Integer errorCode = (Integer) rs.getObject(7);
				MessageView.Error error = (errorCode != null)
						? new MessageView.Error(errorCode, rs.getString(8), rs.getString(9)) : null;
				Instant createdAt = rs.getTimestamp(10).toInstant();
				return new MessageView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getString(5), rs.getString(6), error, createdAt, rs.getTimestamp(11).toInstant(),
						StatusTimes.history(createdAt, rs), attempts(messageId), rs.getString(12));
			})
			.optional();
	}

	/**
	 * A message the business sent to a customer, as a conversation shows it.
	 *
	 * @param content the Cloud API message payload as JSON
	 */
	public record SentMessage(String id, String type, String content, String status, @Nullable Integer errorCode,
			@Nullable String errorTitle, @Nullable String errorDetails, Instant createdAt, Instant updatedAt) {
	}

	/** The latest messages sent to a customer on a channel, oldest first. */
	public List<SentMessage> latestTo(String channelId, String waId, int limit) {
		List<SentMessage> newestFirst = this.jdbc.sql("""
				select id, type, content, status, error_code, error_title, error_details, created_at, updated_at
				from messages where channel_id = ? and recipient = ? order by created_at desc, id desc limit ?""")
			.params(channelId, waId, limit)
			.query((rs, i) -> new SentMessage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					(Integer) rs.getObject(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
					rs.getTimestamp(9).toInstant()))
			.list();
		return newestFirst.reversed();
	}

	/** When the business last sent something to each of these customers on a channel. */
	public Map<String, Instant> lastSentAt(String channelId, List<String> waIds) {
		if (waIds.isEmpty()) {
			return Map.of();
		}
		Map<String, Instant> last = new HashMap<>();
		this.jdbc.sql("""
				select recipient, max(created_at) from messages where channel_id = :channel and recipient in (:waIds)
				group by recipient""").param("channel", channelId).param("waIds", waIds).query((rs) -> {
			last.put(rs.getString(1), rs.getTimestamp(2).toInstant());
		});
		return last;
	}

	/**
	 * A mark that moves when a message is sent on these channels, or when a message to
	 * {@code waId} on {@code channelId} changes status; live updates compare it between
	 * polls.
	 */
	public String changeMark(List<String> channelIds, @Nullable String channelId, @Nullable String waId) {
		if (channelIds.isEmpty()) {
			return "";
		}
		// One channel at a time, so each maximum is read from the end of its index.
		StringBuilder newest = new StringBuilder();
		for (String channel : channelIds) {
			newest
				.append(this.jdbc.sql("select max(created_at) from messages where channel_id = ?")
					.param(channel)
					.query((rs, i) -> String.valueOf(rs.getTimestamp(1)))
					.single())
				.append(',');
		}
		if (channelId == null || waId == null) {
			return newest.toString();
		}
		String changed = this.jdbc.sql("select max(updated_at) from messages where channel_id = ? and recipient = ?")
			.params(channelId, waId)
			.query((rs, i) -> String.valueOf(rs.getTimestamp(1)))
			.single();
		return newest + "|" + changed;
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
