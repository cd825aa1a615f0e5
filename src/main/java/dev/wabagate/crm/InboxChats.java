package dev.wabagate.crm;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.wabagate.shared.ApiException;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Chats as the inbox works them: filtered and searched, with their unread counts, who
 * handles them, and whether they are open. Every read names the channels the caller may
 * see, so another account's chat does not exist for them.
 */
@Service
public class InboxChats {

	public static final String OPEN = "open";

	public static final String CLOSED = "closed";

	private static final String SELECT = """
			select c.id, c.channel_id, c.wa_id, c.profile_name, c.last_inbound_at, c.state, c.assigned_user_id,
			    c.created_at,
			    (select count(*) from customer_messages m where m.channel_id = c.channel_id and m.wa_id = c.wa_id
			        and (c.agent_read_at is null or m.received_at > c.agent_read_at)) as unread
			from chats c""";

	private final JdbcClient jdbc;

	private final Clock clock;

	InboxChats(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * A chat in the inbox.
	 *
	 * @param windowClosesAt when the 24-hour customer service window closes (null: it was
	 * never opened)
	 */
	public record InboxChat(String id, String channelId, String waId, @Nullable String profileName,
			@Nullable Instant lastInboundAt, @Nullable Instant windowClosesAt, String state,
			@Nullable String assignedUserId, int unread, Instant createdAt) {

		public Chat chat() {
			return new Chat(this.id, this.channelId, this.waId, this.profileName, this.lastInboundAt);
		}

	}

	/** Which chats to list: by state (null: any), by assignee, and a search text. */
	public record Filter(@Nullable String state, Assignee assignee, @Nullable String search) {
	}

	public enum Assignee {

		ANYONE, ME, UNASSIGNED

	}

	/** The most recently active chats first (by the customer's last message). */
	public List<InboxChat> list(List<String> channelIds, String userId, Filter filter, int limit) {
		if (channelIds.isEmpty()) {
			return List.of();
		}
		StringBuilder sql = new StringBuilder(SELECT).append(" where c.channel_id in (:channels)");
		Map<String, Object> params = new HashMap<>();
		params.put("channels", channelIds);
		if (filter.state() != null) {
			sql.append(" and c.state = :state");
			params.put("state", filter.state());
		}
		switch (filter.assignee()) {
			case ME -> {
				sql.append(" and c.assigned_user_id = :me");
				params.put("me", userId);
			}
			case UNASSIGNED -> sql.append(" and c.assigned_user_id is null");
			case ANYONE -> {
			}
		}
		if (filter.search() != null && !filter.search().isBlank()) {
			sql.append("""
					and (lower(coalesce(c.profile_name, '')) like :search escape '!' or c.wa_id like :search escape '!'
					   or exists (select 1 from chat_custom_field_values v where v.chat_id = c.id
					       and lower(v.field_value) like :search escape '!'))""");
			params.put("search", "%" + likeEscaped(filter.search().strip().toLowerCase(Locale.ROOT)) + "%");
		}
		sql.append(" order by coalesce(c.last_inbound_at, c.created_at) desc, c.id limit :limit");
		params.put("limit", limit);
		return this.jdbc.sql(sql.toString()).params(params).query(this::inboxChat).list();
	}

	public Optional<InboxChat> find(List<String> channelIds, String chatId) {
		if (channelIds.isEmpty()) {
			return Optional.empty();
		}
		return this.jdbc.sql(SELECT + " where c.id = :id and c.channel_id in (:channels)")
			.param("id", chatId)
			.param("channels", channelIds)
			.query(this::inboxChat)
			.optional();
	}

	/** The agent has read the chat: its unread count drops to zero. */
	public void markReadByAgent(InboxChat chat) {
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.sql("update chats set agent_read_at = ?, changed_at = ? where id = ?")
			.params(now, now, chat.id())
			.update();
	}

	/** Hands the chat to a user of its account (checked by the caller), or to nobody. */
	public void assign(InboxChat chat, @Nullable String userId) {
		this.jdbc.sql("update chats set assigned_user_id = ?, changed_at = ? where id = ?")
			.params(userId, Timestamp.from(this.clock.instant()), chat.id())
			.update();
	}

	public void setState(InboxChat chat, String state) {
		if (!OPEN.equals(state) && !CLOSED.equals(state)) {
			throw ApiException.invalid("state", "one_of", List.of(OPEN, CLOSED), "state must be open or closed");
		}
		this.jdbc.sql("update chats set state = ?, changed_at = ? where id = ?")
			.params(state, Timestamp.from(this.clock.instant()), chat.id())
			.update();
	}

	/**
	 * A mark that moves whenever a chat of these channels changes or a customer writes:
	 * the live updates compare it between polls, on whichever node they run.
	 */
	public String changeMark(List<String> channelIds) {
		if (channelIds.isEmpty()) {
			return "";
		}
		record Mark(@Nullable Timestamp changed, @Nullable Timestamp received, long chats) {
		}
		Mark mark = this.jdbc.sql("""
				select (select max(changed_at) from chats where channel_id in (:channels)),
				    (select max(received_at) from customer_messages where channel_id in (:channels)),
				    (select count(*) from chats where channel_id in (:channels))""")
			.param("channels", channelIds)
			.query((rs, i) -> new Mark(rs.getTimestamp(1), rs.getTimestamp(2), rs.getLong(3)))
			.single();
		return mark.changed() + "|" + mark.received() + "|" + mark.chats();
	}

	private InboxChat inboxChat(ResultSet rs, int row) throws SQLException {
		Timestamp last = rs.getTimestamp(5);
		Instant lastInbound = (last != null) ? last.toInstant() : null;
		return new InboxChat(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), lastInbound,
				(lastInbound != null) ? lastInbound.plus(Chats.CUSTOMER_SERVICE_WINDOW) : null, rs.getString(6),
				rs.getString(7), rs.getInt(9), rs.getTimestamp(8).toInstant());
	}

	private static String likeEscaped(String text) {
		return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
	}

}
