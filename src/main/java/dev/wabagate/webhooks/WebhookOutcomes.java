package dev.wabagate.webhooks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.wabagate.shared.GroupCommit;
import dev.wabagate.shared.NodeIds;
import dev.wabagate.shared.queue.LaneQueue;
import dev.wabagate.webhooks.WebhookOutbox.EventState;
import dev.wabagate.webhooks.WebhookQueue.Delivery;
import dev.wabagate.webhooks.WebhookTransport.Result;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records what endpoints answered, in one transaction with the queue update. One answer
 * goes for every event its request carried (ADR 0028): a 2xx delivers them (their heads
 * leave their lanes), a 410 disables the endpoint and keeps them at their lanes' heads,
 * anything else retries them at one time the {@link WebhookRetryPolicy} sets (one per
 * attempt number among them, so events that failed together are tried again together) or
 * exhausts them, and an endpoint failing for too long is disabled. Requests that finish
 * together are recorded in one transaction (group commit) with statements whose number
 * depends on the requests and attempt numbers, never on the events (id and value lists
 * travel as arrays); changes to the queue and the event log are fenced by the lease, so a
 * node that lost a lease changes neither. Every event's attempt is logged, with the
 * request's {@code webhook-id}.
 */
@Component
class WebhookOutcomes {

	private static final Logger log = LoggerFactory.getLogger(WebhookOutcomes.class);

	private static final int MAX_ERROR_LENGTH = 500;

	private final LaneQueue lanes;

	private final WebhookEndpoints endpoints;

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final MeterRegistry meters;

	private final String node;

	private final WebhookRetryPolicy retries;

	private final GroupCommit<Answered> outcomes;

	private final Timer lagTimer;

	WebhookOutcomes(WebhookQueue queue, WebhookEndpoints endpoints, JdbcClient jdbc, TransactionTemplate transactions,
			ApplicationEventPublisher events, WebhooksProperties properties, Clock clock, MeterRegistry meters) {
		this.lanes = queue.lanes();
		this.endpoints = endpoints;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
		this.meters = meters;
		this.node = NodeIds.resolve(properties.nodeId());
		this.retries = new WebhookRetryPolicy(properties.retrySchedule(), properties.retryAfterMax(),
				properties.disableAfter(), () -> ThreadLocalRandom.current().nextLong());
		this.outcomes = new GroupCommit<>(transactions, this::recordAll,
				(one, ex) -> log
					.error("Recording the delivery of webhook request {} failed; its events are retried when their "
							+ "leases expire", one.webhookId(), ex));
		this.lagTimer = Timer.builder("wabagate.webhooks.lag")
			.description("Time from an event to its successful delivery")
			.publishPercentileHistogram()
			.register(meters);
	}

	/**
	 * One request, the events it carried (of one channel, each the head of another lane)
	 * and what the endpoint answered.
	 */
	record Answered(List<Delivery> deliveries, String webhookId, Result result, int latencyMs) {

		Answered {
			if (deliveries.isEmpty()) {
				throw new IllegalArgumentException("A request carries at least one event");
			}
			deliveries = List.copyOf(deliveries);
		}

		String channelId() {
			return this.deliveries.get(0).channelId();
		}

		@Nullable Integer statusCode() {
			return (this.result instanceof Result.Answered answered) ? answered.statusCode() : null;
		}

	}

	/** Records the outcome; returns once it is committed (by this thread or another). */
	void record(Answered answered) {
		this.outcomes.record(answered);
	}

	private void recordAll(List<Answered> group) {
		Instant now = this.clock.instant();
		List<Attempt> attempts = new ArrayList<>();
		Map<Delivery, EventState> ending = new LinkedHashMap<>();
		List<Retry> retries = new ArrayList<>();
		Map<String, String> toDisable = new LinkedHashMap<>();
		Map<String, Instant> failingSince = new LinkedHashMap<>();
		for (Answered one : group) {
			Integer statusCode = one.statusCode();
			if (statusCode != null && statusCode >= 200 && statusCode < 300) {
				one.deliveries().forEach((delivery) -> {
					attempts.add(new Attempt(one, delivery, "delivered", null));
					ending.put(delivery, EventState.DELIVERED);
				});
				continue;
			}
			String error = switch (one.result()) {
				case Result.Failed failed -> failed.error();
				case Result.Answered answered ->
					"HTTP " + answered.statusCode() + ((answered.statusCode() >= 300 && answered.statusCode() < 400)
							? " (redirects are not followed)" : "");
			};
			if (statusCode != null && statusCode == 410) {
				one.deliveries().forEach((delivery) -> {
					attempts.add(new Attempt(one, delivery, "gone", error));
					count("gone");
				});
				retries.add(new Retry(one.deliveries(), now));
				toDisable.put(one.channelId(), "The endpoint answered 410 Gone");
				continue;
			}
			Instant since = failingSince.computeIfAbsent(one.channelId(),
					(channelId) -> this.endpoints.failed(channelId, now));
			Duration hinted = (one.result() instanceof Result.Answered answered) ? answered.retryAfter() : null;
			one.deliveries()
				.stream()
				.collect(Collectors.groupingBy(Delivery::attempts, LinkedHashMap::new, Collectors.toList()))
				.forEach((attempt, same) -> {
					switch (this.retries.afterFailure(attempt, hinted, now)) {
						case WebhookRetryPolicy.Decision.Exhausted exhausted -> same.forEach((delivery) -> {
							attempts.add(new Attempt(one, delivery, "exhausted", error));
							ending.put(delivery, EventState.EXHAUSTED);
						});
						case WebhookRetryPolicy.Decision.RetryAt retryAt -> {
							same.forEach((delivery) -> {
								attempts.add(new Attempt(one, delivery, "retry", error));
								count("retry");
							});
							retries.add(new Retry(same, retryAt.at()));
						}
					}
				});
			if (this.retries.disables(since, now)) {
				toDisable.putIfAbsent(one.channelId(), "Every delivery failed since " + since);
			}
		}
		List<Delivery> retried = new ArrayList<>();
		for (Retry retry : retries) {
			Set<Long> held = this.lanes.retryAt(retry.deliveries().stream().map(Delivery::lease).toList(), this.node,
					retry.at());
			retry.deliveries()
				.stream()
				.filter((delivery) -> held.contains(delivery.lease().seq()))
				.forEach(retried::add);
		}
		Set<Long> ended = this.lanes.complete(ending.keySet().stream().map(Delivery::lease).toList(), this.node, now);
		Set<String> delivered = new LinkedHashSet<>();
		List<EventUpdate> updates = new ArrayList<>();
		ending.forEach((delivery, state) -> {
			if (!ended.contains(delivery.lease().seq())) {
				log.warn("Lease on webhook event {} was lost while delivering; another node owns it now",
						delivery.eventId());
				return;
			}
			updates.add(new EventUpdate(delivery, state));
			count(state.wireName());
			if (state == EventState.DELIVERED) {
				delivered.add(delivery.channelId());
				this.lagTimer.record(Duration.between(delivery.occurredAt(), now));
			}
		});
		retried.forEach((delivery) -> updates.add(new EventUpdate(delivery, null)));
		updateEvents(updates, now);
		logAttempts(attempts, now);
		this.endpoints.succeeded(delivered);
		toDisable.forEach(this::disable);
	}

	/**
	 * One statement per (state, attempt number) in the group: usually one, as most events
	 * are delivered at their first attempt.
	 */
	private void updateEvents(List<EventUpdate> updates, Instant now) {
		Timestamp at = Timestamp.from(now);
		updates.stream()
			.collect(Collectors.groupingBy((u) -> List.of(String.valueOf(u.state()), u.delivery().attempts()),
					LinkedHashMap::new, Collectors.toList()))
			.values()
			.forEach((same) -> {
				EventState state = same.get(0).state();
				this.jdbc.sql("""
						update webhook_events set state = coalesce(cast(? as varchar(16)), state), attempts = ?,
						    last_attempt_at = ?, finished_at = ?
						where id = any(?)""")
					.params((state != null) ? state.wireName() : null, same.get(0).delivery().attempts(), at,
							(state != null) ? at : null, varchars(same.stream().map((u) -> u.delivery().eventId())))
					.update();
			});
	}

	private void logAttempts(List<Attempt> attempts, Instant now) {
		if (attempts.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				insert into webhook_attempts (event_id, channel_id, attempt, status_code, latency_ms, outcome, error,
				    webhook_id, attempted_at, node)
				select u.*, cast(? as timestamp with time zone), cast(? as varchar(64))
				from unnest(?, ?, ?, ?, ?, ?, ?, ?) u""")
			.params(Timestamp.from(now), this.node, varchars(attempts.stream().map((a) -> a.delivery().eventId())),
					varchars(attempts.stream().map((a) -> a.delivery().channelId())),
					integers(attempts.stream().map((a) -> a.delivery().attempts())),
					integers(attempts.stream().map((a) -> a.answered().statusCode())),
					integers(attempts.stream().map((a) -> a.answered().latencyMs())),
					varchars(attempts.stream().map(Attempt::outcome)), varchars(attempts.stream().map(Attempt::error)),
					varchars(attempts.stream().map((a) -> a.answered().webhookId())))
			.update();
	}

	private void disable(String channelId, String reason) {
		if (this.endpoints.disable(channelId, reason)) {
			log.warn("Webhook of channel {} disabled: {}", channelId, reason);
			this.events.publishEvent(WebhookEvent.channelEvent(channelId, "webhook_endpoint_disabled",
					JsonNodeFactory.instance.objectNode().put("reason", reason)));
			count("disabled");
		}
	}

	private void count(String outcome) {
		this.meters.counter("wabagate.webhooks.deliveries", "outcome", outcome).increment();
	}

	private static SqlArrayValue varchars(Stream<@Nullable String> values) {
		return new SqlArrayValue("varchar", values.toArray());
	}

	private static SqlArrayValue integers(Stream<@Nullable Integer> values) {
		return new SqlArrayValue("integer", values.toArray());
	}

	/** One event's attempt: the request that carried it and what became of it. */
	private record Attempt(Answered answered, Delivery delivery, String outcome, @Nullable String error) {

		Attempt {
			if (error != null && error.length() > MAX_ERROR_LENGTH) {
				error = error.substring(0, MAX_ERROR_LENGTH);
			}
		}

	}

	/** Events of one request put back in their lanes, due at one time. */
	private record Retry(List<Delivery> deliveries, Instant at) {
	}

	/** The event's new state after an attempt; null while it is still queued. */
	private record EventUpdate(Delivery delivery, @Nullable EventState state) {
	}

}
