package dev.wabagate.webhooks;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * A channel's webhook events and delivery attempts, and replay, for the operator console;
 * the same log and replay as {@code /v1/configs/webhook/...}.
 */
@Service
public class WebhookDeliveryLog {

	private final WebhookOutbox outbox;

	private final WebhookEndpoints endpoints;

	WebhookDeliveryLog(WebhookOutbox outbox, WebhookEndpoints endpoints) {
		this.outbox = outbox;
		this.endpoints = endpoints;
	}

	/** An event and how its delivery went. */
	public record Event(String id, String type, @Nullable String waId, Instant occurredAt, String state, int attempts,
			@Nullable Instant lastAttemptAt) {
	}

	/** One delivery attempt. */
	public record Attempt(String eventId, @Nullable String type, Instant attemptedAt, int attempt,
			@Nullable Integer statusCode, int latencyMs, String outcome, @Nullable String error) {
	}

	/** The webhook a channel delivers to, if it has one. */
	public @Nullable String url(String channelId) {
		return this.endpoints.find(channelId).map(WebhookEndpoint::url).orElse(null);
	}

	public List<Event> events(String channelId, int limit) {
		return this.outbox.events(channelId, null, null, limit)
			.stream()
			.map((e) -> new Event(e.id(), e.type(), e.waId(), e.occurredAt(), e.state(), e.attempts(),
					e.lastAttemptAt()))
			.toList();
	}

	public List<Attempt> attempts(String channelId, int limit) {
		return this.outbox.attempts(channelId, null, limit)
			.stream()
			.map((a) -> new Attempt(a.eventId(), a.type(), a.attemptedAt(), a.attempt(), a.statusCode(), a.latencyMs(),
					a.outcome(), a.error()))
			.toList();
	}

	/** Delivers the event again, with the same webhook-id; another channel's is a 404. */
	public void replay(String channelId, String eventId) {
		this.outbox.replay(channelId, eventId);
	}

}
