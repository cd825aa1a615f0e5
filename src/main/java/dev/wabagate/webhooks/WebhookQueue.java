package dev.wabagate.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.wabagate.shared.queue.LaneQueue;
import dev.wabagate.shared.queue.LaneQueues;
import dev.wabagate.shared.queue.Lease;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The webhook delivery queue: the engine's queue {@value #NAME}, one lane per (channel,
 * chat), so one event per chat is in flight and a chat's events arrive in the order they
 * happened; the channel's own events ({@code chat_key} '') form one lane. An item's ref
 * is its event's id. This class adds what a claimed head carries: the stored event.
 */
@Component
class WebhookQueue {

	/** The queue's name in {@code queue_items.queue}. */
	static final String NAME = "webhooks";

	private final LaneQueue lanes;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	WebhookQueue(LaneQueues queues, JdbcClient jdbc, TransactionTemplate transactions) {
		this.lanes = queues.queue(NAME);
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	LaneQueue lanes() {
		return this.lanes;
	}

	/** A claimed head with the event it carries. */
	record Delivery(Lease lease, String field, String data, Instant occurredAt) {

		String eventId() {
			return this.lease.ref();
		}

		String channelId() {
			return this.lease.channelId();
		}

		/** This attempt's number: 1 for the first. */
		int attempts() {
			return this.lease.attempts();
		}

	}

	/** Removes claimed heads from their lanes, delivered or not, in one transaction. */
	void drop(List<Lease> leases, String node, Instant now) {
		this.transactions.executeWithoutResult((tx) -> this.lanes.complete(leases, node, now));
	}

	/**
	 * The claimed heads with their events, in claim order; null for a head whose event is
	 * no longer stored.
	 */
	List<@Nullable Delivery> withEvents(List<Lease> leases) {
		Map<String, Lease> byEvent = leases.stream().collect(Collectors.toMap(Lease::ref, Function.identity()));
		// Events are written as fast as they are queued: read them as the queue reads its
		// own.
		Map<String, Delivery> deliveries = this.lanes.readInQueueTransaction(
				() -> this.jdbc.sql("select id, field, data, occurred_at from webhook_events where id = any(?)")
					.param(new SqlArrayValue("varchar", byEvent.keySet().toArray()))
					.query((rs, i) -> new Delivery(byEvent.get(rs.getString(1)), rs.getString(2), rs.getString(3),
							rs.getTimestamp(4).toInstant()))
					.list()
					.stream()
					.collect(Collectors.toMap(Delivery::eventId, Function.identity())));
		return leases.stream().map((lease) -> deliveries.get(lease.ref())).toList();
	}

}
