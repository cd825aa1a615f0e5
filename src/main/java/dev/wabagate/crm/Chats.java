package dev.wabagate.crm;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.wabagate.shared.Ids;
import dev.wabagate.shared.PhoneNumbers;
import dev.wabagate.upstream.CustomerMessageReceived;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Service;

/**
 * Chats and their 24-hour customer service window, opened (and renewed) by every customer
 * message.
 */
@Service
public class Chats {

	public static final Duration CUSTOMER_SERVICE_WINDOW = Duration.ofHours(24);

	private final JdbcClient jdbc;

	private static final int MAX_REMEMBERED_WINDOWS = 100_000;

	private final Clock clock;

	/** When the open windows this node has seen close. */
	private final Map<ChatKey, Instant> openWindows = new ConcurrentHashMap<>();

	Chats(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Runs inside the provider's intake transaction: the window opens when the message is
	 * stored.
	 */
	@EventListener
	void onCustomerMessage(CustomerMessageReceived received) {
		Timestamp at = Timestamp.from(received.timestamp());
		int updated = this.jdbc.sql("""
				update chats set last_inbound_at = ?, profile_name = coalesce(?, profile_name)
				where channel_id = ? and wa_id = ? and (last_inbound_at is null or last_inbound_at < ?)""")
			.params(at, received.profileName(), received.channelId(), received.waId(), at)
			.update();
		if (updated == 0) {
			insert(received.channelId(), received.waId(), received.profileName(), at);
		}
		// A customer writing reopens a closed chat, as agents expect (Chatwoot does the
		// same).
		this.jdbc.sql("update chats set state = 'open', changed_at = ? where channel_id = ? and wa_id = ?")
			.params(Timestamp.from(this.clock.instant()), received.channelId(), received.waId())
			.update();
	}

	/**
	 * The chat a CRM request names: by its id ({@code chat_...}) or by the customer's
	 * number, which is what a business has from its webhooks.
	 */
	public Optional<Chat> findChatByIdOrNumber(String channelId, String chatIdOrNumber) {
		Optional<Chat> byId = findChat(channelId, chatIdOrNumber);
		if (byId.isPresent() || chatIdOrNumber.startsWith("chat_")) {
			return byId;
		}
		return PhoneNumbers.toWaId(chatIdOrNumber).flatMap((waId) -> chatOf(channelId, waId));
	}

	/** The chat with a customer, created on first use. */
	public Chat chatFor(String channelId, String waId) {
		return chatOf(channelId, waId).orElseGet(() -> {
			insert(channelId, waId, null, null);
			return chatOf(channelId, waId).orElseThrow();
		});
	}

	public Optional<Chat> chatOf(String channelId, String waId) {
		return this.jdbc.sql("""
				select id, channel_id, wa_id, profile_name, last_inbound_at from chats
				where channel_id = ? and wa_id = ?""").params(channelId, waId).query(Chats::chat).optional();
	}

	public Optional<Chat> findChat(String channelId, String chatId) {
		return this.jdbc.sql("""
				select id, channel_id, wa_id, profile_name, last_inbound_at from chats
				where channel_id = ? and id = ?""").params(channelId, chatId).query(Chats::chat).optional();
	}

	/** The channel's chats, most recently active first. */
	public List<Chat> chatsOf(String channelId, int limit, int offset) {
		return this.jdbc.sql("""
				select id, channel_id, wa_id, profile_name, last_inbound_at from chats where channel_id = ?
				order by last_inbound_at desc nulls last, created_at desc, id limit ? offset ?""")
			.params(channelId, limit, offset)
			.query(Chats::chat)
			.list();
	}

	public boolean windowOpen(Chat chat) {
		Instant last = chat.lastInboundAt();
		return last != null && last.isAfter(this.clock.instant().minus(CUSTOMER_SERVICE_WINDOW));
	}

	/**
	 * Which of these customers a session (non-template) message may be sent to now. An
	 * open window is remembered until it closes: a window only ever moves later (a
	 * customer message renews it, nothing shortens it), so a remembered end is right on
	 * every node without invalidation. The closed and unknown windows are read from the
	 * database, all in one query with an array parameter, so a group of accepts pays one
	 * round trip whatever its size.
	 */
	public Set<String> openWindows(String channelId, Collection<String> waIds) {
		Instant now = this.clock.instant();
		Set<String> open = new HashSet<>();
		List<String> unknown = new ArrayList<>();
		for (String waId : waIds) {
			Instant knownEnd = this.openWindows.get(new ChatKey(channelId, waId));
			if (knownEnd != null && knownEnd.isAfter(now)) {
				open.add(waId);
			}
			else {
				unknown.add(waId);
			}
		}
		if (unknown.isEmpty()) {
			return open;
		}
		this.jdbc.sql("""
				select wa_id, last_inbound_at from chats
				where channel_id = ? and wa_id = any(?) and last_inbound_at > ?""")
			.params(channelId, new SqlArrayValue("varchar", unknown.toArray()),
					Timestamp.from(now.minus(CUSTOMER_SERVICE_WINDOW)))
			.query((rs) -> {
				String waId = rs.getString(1);
				open.add(waId);
				if (this.openWindows.size() >= MAX_REMEMBERED_WINDOWS) {
					this.openWindows.clear();
				}
				this.openWindows.put(new ChatKey(channelId, waId),
						rs.getTimestamp(2).toInstant().plus(CUSTOMER_SERVICE_WINDOW));
			});
		return open;
	}

	private record ChatKey(String channelId, String waId) {
	}

	private void insert(String channelId, String waId, @Nullable String profileName,
			@Nullable Timestamp lastInboundAt) {
		// A concurrent request may create the same chat first; it is the same chat.
		this.jdbc.sql("""
				insert into chats (id, channel_id, wa_id, profile_name, last_inbound_at, created_at)
				values (?, ?, ?, ?, ?, ?) on conflict do nothing""")
			.params(Ids.next("chat"), channelId, waId, profileName, lastInboundAt, Timestamp.from(this.clock.instant()))
			.update();
	}

	private static Chat chat(ResultSet rs, int row) throws SQLException {
		Timestamp last = rs.getTimestamp(5);
		return new Chat(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
				(last != null) ? last.toInstant() : null);
	}

}
