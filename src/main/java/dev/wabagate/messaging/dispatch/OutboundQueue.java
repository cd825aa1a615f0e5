package dev.wabagate.messaging.dispatch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.wabagate.messaging.ChannelQueues;
import dev.wabagate.shared.queue.LaneQueue;
import dev.wabagate.shared.queue.LaneQueues;
import dev.wabagate.shared.queue.Lease;
import dev.wabagate.upstream.MessagePayload;
import dev.wabagate.upstream.MessageType;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * The outbound messages' queue: the engine's queue {@value ChannelQueues#LANE_QUEUE}, one
 * lane per (channel, recipient), so one message per recipient is in flight and each
 * recipient's messages leave in the order they were accepted. This class adds what a
 * claimed head carries: the message's payload.
 */
@Component
class OutboundQueue {

	private final LaneQueue lanes;

	private final JdbcClient jdbc;

	OutboundQueue(LaneQueues queues, JdbcClient jdbc) {
		this.lanes = queues.queue(ChannelQueues.LANE_QUEUE);
		this.jdbc = jdbc;
	}

	LaneQueue lanes() {
		return this.lanes;
	}

	/** The claimed heads with their messages' payloads, in claim order. */
	List<QueuedMessage> withPayloads(List<Lease> leases) {
		String[] ids = new String[leases.size()];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = leases.get(i).ref();
		}
		Map<String, MessagePayload> payloads = new HashMap<>();
		this.jdbc.sql("select id, type, content from messages where id = any(?)")
			.param(new SqlArrayValue("varchar", (Object[]) ids))
			.query((RowCallbackHandler) (rs) -> payloads.put(rs.getString(1),
					new MessagePayload(MessageType.fromWire(rs.getString(2)).orElseThrow(), rs.getString(3))));
		List<QueuedMessage> messages = new ArrayList<>(leases.size());
		for (Lease lease : leases) {
			messages.add(new QueuedMessage(lease, payloads.get(lease.ref())));
		}
		return messages;
	}

	/** Removes finished heads this node still holds; see {@link LaneQueue#complete}. */
	Set<Long> removeAll(Collection<QueuedMessage> messages, String node, Instant now) {
		List<Lease> leases = new ArrayList<>(messages.size());
		for (QueuedMessage message : messages) {
			leases.add(message.lease());
		}
		return this.lanes.complete(leases, node, now);
	}

	boolean remove(QueuedMessage message, String node, Instant now) {
		return !removeAll(List.of(message), node, now).isEmpty();
	}

	boolean retryAt(QueuedMessage message, String node, Instant nextAttemptAt) {
		return this.lanes.retryAt(message.lease(), node, nextAttemptAt);
	}

	void release(Collection<QueuedMessage> messages, String node) {
		this.lanes.release(messages.stream().map(QueuedMessage::lease).toList(), node);
	}

}
