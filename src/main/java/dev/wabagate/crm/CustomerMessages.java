package dev.wabagate.crm;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import dev.wabagate.shared.Ids;
import dev.wabagate.upstream.CustomerMessageReceived;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Every customer message as it arrived, so the inbox can show a chat's whole history. A
 * provider's redelivery of the same message (same upstream id) is stored once.
 */
@Service
public class CustomerMessages {

	private final JdbcClient jdbc;

	CustomerMessages(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A customer message.
	 *
	 * @param content the Cloud API message object as JSON
	 */
	public record CustomerMessage(String id, String upstreamId, String type, String content, Instant receivedAt) {
	}

	/** Runs inside the provider's intake transaction, with the chat's update. */
	@EventListener
	void onCustomerMessage(CustomerMessageReceived received) {
		this.jdbc.sql("""
				insert into customer_messages (id, channel_id, wa_id, upstream_id, type, content, received_at)
				values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
			.params(Ids.next("cmsg"), received.channelId(), received.waId(), received.upstreamMessageId(),
					received.type(), received.message(), Timestamp.from(received.timestamp()))
			.update();
	}

	/** The customer's latest messages in a chat, oldest first. */
	public List<CustomerMessage> latest(Chat chat, int limit) {
		List<CustomerMessage> newestFirst = this.jdbc.sql("""
				select id, upstream_id, type, content, received_at from customer_messages
				where channel_id = ? and wa_id = ? order by received_at desc, id desc limit ?""")
			.params(chat.channelId(), chat.waId(), limit)
			.query((rs, i) -> new CustomerMessage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getTimestamp(5).toInstant()))
			.list();
		return newestFirst.reversed();
	}

}
