package dev.wabagate.webhooks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

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

/**
 * Turns what happened into stored webhook events. The listeners run inside the
 * transaction that published the event, so an event is stored (and queued) if and only if
 * its cause commits: nothing is acknowledged anywhere before it is durable. Channels
 * without a webhook store nothing; a disabled webhook's events are kept as {@code held}
 * for a later replay.
 */
@Component
class WebhookOutbox {

	static final int MAX_REPLAY = 10_000;

	private final JdbcClient jdbc;

	private final LaneQueue queue;

	private final WebhookEndpoints endpoints;

	private final JsonMapper json;

	private final Clock clock;

	WebhookOutbox(JdbcClient jdbc, WebhookQueue queue, WebhookEndpoints endpoints, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
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

	private void store(String channelId, @Nullable String chatKey, String type, String field, JsonNode value,
			Instant occurredAt) {
		Boolean enabled = this.endpoints.enabledState(channelId).orElse(null);
		if (enabled == null) {
			return;
		}
		String eventId = Ids.next("evt");
		String lane = (chatKey != null) ? chatKey : "";
		this.jdbc.sql("""
				insert into webhook_events (id, channel_id, chat_key, type, field, data, occurred_at, state, attempts)
				values (?, ?, ?, ?, ?, ?, ?, ?, 0)""")
			.params(eventId, channelId, lane, type, field, this.json.writeValueAsString(value),
					Timestamp.from(occurredAt), enabled ? EventState.PENDING.wireName() : EventState.HELD.wireName())
			.update();
		if (enabled) {
			queue(eventId, channelId, lane);
		}
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
				select a.event_id, e.type, a.attempted_at, a.attempt, a.status_code, a.latency_ms, a.outcome, a.error
				from webhook_attempts a left join webhook_events e on e.id = a.event_id
				where a.channel_id = :channel""" + filter + " order by a.attempted_at desc, a.id desc limit :limit")
			.param("channel", channelId)
			.param("limit", limit);
		if (eventId != null) {
			query = query.param("event", eventId);
		}
		return query
			.query((rs, i) -> new AttemptView(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
					rs.getInt(4), (Integer) rs.getObject(5), rs.getInt(6), rs.getString(7), rs.getString(8)))
			.list();
	}

	/** One stored event as the delivery log shows it. */
	record EventView(String id, String type, @Nullable String waId, Instant occurredAt, String state, int attempts,
			@Nullable Instant lastAttemptAt, @Nullable Instant finishedAt) {
	}

	/** One delivery attempt. */
	record AttemptView(String eventId, @Nullable String type, Instant attemptedAt, int attempt,
			@Nullable Integer statusCode, int latencyMs, String outcome, @Nullable String error) {
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
