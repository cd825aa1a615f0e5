package dev.wabagate.webhooks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.messaging.MessageStatus;
import dev.wabagate.messaging.MessageStatusChanged;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.Ids;
import dev.wabagate.shared.queue.LaneQueue;
import dev.wabagate.shared.queue.QueueEntry;
import dev.wabagate.templates.TemplateStatusChanged;
import dev.wabagate.upstream.CustomerMessageReceived;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns what happened into stored webhook events. The listeners run inside the
 * transaction that published the event and its events are written just before it commits,
 * so an event is stored (and queued) if and only if its cause commits: nothing is
 * acknowledged anywhere before it is durable. Channels without a webhook store nothing; a
 * disabled webhook's events are kept as {@code held} for a later replay.
 */
@Component
class WebhookOutbox {

	static final int MAX_REPLAY = 10_000;

	private final JdbcClient jdbc;

	private final LaneQueue queue;

	private final WebhookEndpoints endpoints;

	private final JsonMapper json;

	private final Clock clock;

	private final TransactionTemplate transactions;

	WebhookOutbox(JdbcClient jdbc, WebhookQueue queue, WebhookEndpoints endpoints, JsonMapper json, Clock clock,
			TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.queue = queue.lanes();
		this.endpoints = endpoints;
		this.json = json;
		this.clock = clock;
	}

	@EventListener
	void onStatusChange(MessageStatusChanged change) {
		if (change.status() == MessageStatus.ACCEPTED) {
			return;
		}
		ObjectNode status = this.json.createObjectNode();
		status.put("id", change.messageId());
		status.put("status", change.status().wireName());
		status.put("timestamp", String.valueOf(change.occurredAt().getEpochSecond()));
		status.put("recipient_id", change.recipientWaId());
		if (change.bizOpaqueCallbackData() != null) {
			status.put("biz_opaque_callback_data", change.bizOpaqueCallbackData());
		}
		if (change.errorCode() != null) {
			String title = (change.errorTitle() != null) ? change.errorTitle() : "Error " + change.errorCode();
			ObjectNode error = status.putArray("errors").addObject();
			error.put("code", change.errorCode());
			error.put("title", title);
			error.put("message", title);
			error.putObject("error_data")
				.put("details", (change.errorDetails() != null) ? change.errorDetails() : title);
		}
		ObjectNode value = this.json.createObjectNode();
		value.putArray("statuses").add(status);
		store(change.channelId(), change.recipientWaId(), "message.status." + change.status().wireName(), "messages",
				value, change.occurredAt());
	}

	@EventListener
	void onCustomerMessage(CustomerMessageReceived received) {
		ObjectNode value = this.json.createObjectNode();
		ObjectNode contact = value.putArray("contacts").addObject();
		if (received.profileName() != null) {
			contact.putObject("profile").put("name", received.profileName());
		}
		contact.put("wa_id", received.waId());
		value.putArray("messages").add(this.json.readTree(received.message()));
		store(received.channelId(), received.waId(), "message.received", "messages", value, received.timestamp());
	}

	@EventListener
	void onTemplateStatus(TemplateStatusChanged change) {
		onWebhookEvent(WebhookEvent.templateStatusUpdate(change.channelId(), change.templateId(), change.name(),
				change.language(), change.status(), change.reason(), null));
	}

	@EventListener
	void onWebhookEvent(WebhookEvent event) {
		store(event.channelId(), event.chatKey(), event.type(), event.field(), event.value(), this.clock.instant());
	}

	/**
	 * Adds the event to those of the current transaction, written together just before it
	 * commits ({@link PendingEvents}); outside a transaction it is written in one of its
	 * own.
	 */
	private void store(String channelId, @Nullable String chatKey, String type, String field, JsonNode value,
			Instant occurredAt) {
		NewEvent event = new NewEvent(Ids.next("evt"), channelId, (chatKey != null) ? chatKey : "", type, field, value,
				occurredAt);
		if (!TransactionSynchronizationManager.isActualTransactionActive()) {
			this.transactions.executeWithoutResult((tx) -> write(List.of(event)));
			return;
		}
		PendingEvents pending = TransactionSynchronizationManager.getSynchronizations()
			.stream()
			.filter(PendingEvents.class::isInstance)
			.map(PendingEvents.class::cast)
			.findFirst()
			.orElse(null);
		if (pending == null) {
			pending = new PendingEvents();
			TransactionSynchronizationManager.registerSynchronization(pending);
		}
		pending.add(event);
	}

	/** An event not yet written. */
	private record NewEvent(String id, String channelId, String lane, String type, String field, JsonNode value,
			Instant occurredAt) {
	}

	/**
	 * The events of one transaction: a status batch stores one per status, and writing
	 * them together costs a fixed number of statements instead of four per event. One
	 * stored after the write (by another synchronization's {@code beforeCommit}) is
	 * written at once.
	 */
	private final class PendingEvents implements TransactionSynchronization {

		private final List<NewEvent> events = new ArrayList<>();

		private boolean written;

		void add(NewEvent event) {
			if (this.written) {
				write(List.of(event));
			}
			else {
				this.events.add(event);
			}
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			this.written = true;
			write(this.events);
		}

	}

	/**
	 * Stores events of channels with a webhook (held while it is disabled) and queues
	 * those of enabled ones, in the caller's transaction.
	 */
	private void write(List<NewEvent> events) {
		if (events.isEmpty()) {
			return;
		}
		Map<String, Boolean> enabled = new HashMap<>();
		this.jdbc.sql("select channel_id, enabled from webhook_endpoints where channel_id = any(?)")
			.param(varchars(events.stream().map(NewEvent::channelId).distinct()))
			.query((rs, i) -> enabled.put(rs.getString(1), rs.getBoolean(2)))
			.list();
		List<NewEvent> stored = events.stream().filter((event) -> enabled.containsKey(event.channelId())).toList();
		if (stored.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				insert into webhook_events (id, channel_id, chat_key, type, field, data, occurred_at, state, attempts)
				select u.*, 0 from unnest(?, ?, ?, ?, ?, ?, ?, ?) u""")
			.params(varchars(stored.stream().map(NewEvent::id)), varchars(stored.stream().map(NewEvent::channelId)),
					varchars(stored.stream().map(NewEvent::lane)), varchars(stored.stream().map(NewEvent::type)),
					varchars(stored.stream().map(NewEvent::field)),
					varchars(stored.stream().map((event) -> this.json.writeValueAsString(event.value()))),
					new SqlArrayValue("timestamptz",
							stored.stream().map((event) -> event.occurredAt().atOffset(ZoneOffset.UTC)).toArray()),
					varchars(stored.stream()
						.map((event) -> enabled.get(event.channelId()) ? EventState.PENDING.wireName()
								: EventState.HELD.wireName())))
			.update();
		Instant now = this.clock.instant();
		this.queue.enqueue(stored.stream()
			.filter((event) -> enabled.get(event.channelId()))
			.map((event) -> new QueueEntry(event.channelId(), event.lane(), event.id(), now))
			.toList(), now);
	}

	private static SqlArrayValue varchars(Stream<String> values) {
		return new SqlArrayValue("varchar", values.toArray());
	}

	private void queue(String eventId, String channelId, String lane) {
		Instant now = this.clock.instant();
		this.queue.enqueue(List.of(new QueueEntry(channelId, lane, eventId, now)), now);
	}

	/** Queues one stored event again (with the same webhook-id). */
	@Transactional
	EventView replay(String channelId, String eventId) {
		requireEnabledEndpoint(channelId);
		String lane = this.jdbc.sql("select chat_key from webhook_events where id = ? and channel_id = ?")
			.params(eventId, channelId)
			.query(String.class)
			.optional()
			.orElseThrow(() -> ApiException.notFound("Webhook event " + eventId));
		if (!this.queue.holds(eventId)) {
			queue(eventId, channelId, lane);
		}
		markPending(List.of(eventId));
		return events(channelId, null, eventId, 1).get(0);
	}

	/**
	 * Queues again every stored event of the channel since {@code since}, oldest first.
	 */
	@Transactional
	int replaySince(String channelId, Instant since) {
		requireEnabledEndpoint(channelId);
		record Stored(String id, String lane) {
		}
		List<Stored> events = this.jdbc.sql("""
				select e.id, e.chat_key from webhook_events e
				where e.channel_id = ? and e.occurred_at >= ?
				  and not exists (select 1 from queue_items q where q.queue = ? and q.ref_id = e.id)
				order by e.occurred_at, e.id limit ?""")
			.params(channelId, Timestamp.from(since), WebhookQueue.NAME, MAX_REPLAY)
			.query((rs, i) -> new Stored(rs.getString(1), rs.getString(2)))
			.list();
		Instant now = this.clock.instant();
		this.queue.enqueue(
				events.stream().map((event) -> new QueueEntry(channelId, event.lane(), event.id(), now)).toList(), now);
		markPending(events.stream().map(Stored::id).toList());
		return events.size();
	}

	private void markPending(List<String> eventIds) {
		if (!eventIds.isEmpty()) {
			this.jdbc.sql("update webhook_events set state = :state, finished_at = null where id in (:ids)")
				.param("state", EventState.PENDING.wireName())
				.param("ids", eventIds)
				.update();
		}
	}

	private void requireEnabledEndpoint(String channelId) {
		boolean enabled = this.endpoints.enabledState(channelId).orElseThrow(WebhookEndpoints::notConfigured);
		if (!enabled) {
			throw ApiException.invalid("webhook", "enabled", null,
					"The webhook is disabled: set it again (POST /v1/configs/webhook) to enable it, then replay");
		}
	}

	/** Drops a channel's queued deliveries when its webhook is removed. */
	void cancelQueued(String channelId) {
		List<String> cancelled = this.queue.removeChannel(channelId);
		if (!cancelled.isEmpty()) {
			this.jdbc.sql("update webhook_events set state = ? where id = any(?)")
				.params(EventState.CANCELLED.wireName(), new SqlArrayValue("varchar", cancelled.toArray()))
				.update();
		}
	}

	/** The channel's events, newest first. */
	List<EventView> events(String channelId, @Nullable EventState state, @Nullable String eventId, int limit) {
		StringBuilder sql = new StringBuilder("""
				select id, type, chat_key, occurred_at, state, attempts, last_attempt_at, finished_at
				from webhook_events where channel_id = :channel""");
		if (state != null) {
			sql.append(" and state = :state");
		}
		if (eventId != null) {
			sql.append(" and id = :id");
		}
		sql.append(" order by occurred_at desc, id desc limit :limit");
		var query = this.jdbc.sql(sql.toString()).param("channel", channelId).param("limit", limit);
		if (state != null) {
			query = query.param("state", state.wireName());
		}
		if (eventId != null) {
			query = query.param("id", eventId);
		}
		return query
			.query((rs, i) -> new EventView(rs.getString(1), rs.getString(2),
					rs.getString(3).isEmpty() ? null : rs.getString(3), rs.getTimestamp(4).toInstant(), rs.getString(5),
					rs.getInt(6), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8))))
			.list();
	}

	/** The channel's latest delivery attempts, newest first. */
	List<AttemptView> attempts(String channelId, @Nullable String eventId, int limit) {
		String filter = (eventId != null) ? " and a.event_id = :event" : "";
		var query = this.jdbc.sql("""
				select a.event_id, e.type, a.attempted_at, a.attempt, a.status_code, a.latency_ms, a.outcome, a.error,
				    coalesce(a.webhook_id, a.event_id)
				from webhook_attempts a left join webhook_events e on e.id = a.event_id
				where a.channel_id = :channel""" + filter + " order by a.attempted_at desc, a.id desc limit :limit")
			.param("channel", channelId)
			.param("limit", limit);
		if (eventId != null) {
			query = query.param("event", eventId);
		}
		return query
			.query((rs, i) -> new AttemptView(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
					rs.getInt(4), (Integer) rs.getObject(5), rs.getInt(6), rs.getString(7), rs.getString(8),
					rs.getString(9)))
			.list();
	}

	/** One stored event as the delivery log shows it. */
	record EventView(String id, String type, @Nullable String waId, Instant occurredAt, String state, int attempts,
			@Nullable Instant lastAttemptAt, @Nullable Instant finishedAt) {
	}

	/**
	 * One event's delivery attempt.
	 *
	 * @param webhookId the {@code webhook-id} of the request that carried it: the event's
	 * id, or a {@code batch_…} id shared by the events of one request
	 */
	record AttemptView(String eventId, @Nullable String type, Instant attemptedAt, int attempt,
			@Nullable Integer statusCode, int latencyMs, String outcome, @Nullable String error, String webhookId) {
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/** Where a stored event stands. */
	enum EventState {

		PENDING, DELIVERED, EXHAUSTED, HELD, CANCELLED;

		String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

		static @Nullable EventState fromWire(String value) {
			for (EventState state : values()) {
				if (state.wireName().equals(value)) {
					return state;
				}
			}
			return null;
		}

	}

}
