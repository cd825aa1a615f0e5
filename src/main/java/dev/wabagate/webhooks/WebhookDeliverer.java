package dev.wabagate.webhooks;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.net.ssl.SSLSocketFactory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.wabagate.shared.GroupCommit;
import dev.wabagate.shared.NodeIds;
import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.Channel;
import dev.wabagate.webhooks.DeliveryQueue.Delivery;
import dev.wabagate.webhooks.WebhookOutbox.EventState;
import dev.wabagate.webhooks.WebhookTransport.Result;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers queued webhook events. Every node runs one; they share the queue through
 * leased claims. Each request runs on its own virtual thread; a node runs at most
 * {@code max-in-flight-per-endpoint} requests to one endpoint and leaves that endpoint's
 * lanes unclaimed while it is at the cap, so an endpoint that hangs ties up only its own
 * share of the workers and never delays another account's deliveries.
 */
@Component
class WebhookDeliverer implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(WebhookDeliverer.class);

	private final DeliveryQueue queue;

	private final WebhookEndpoints endpoints;

	private final AccountService accounts;

	private final WebhookPayloads payloads;

	private final WebhookTransport transport;

	/** Requests that finish together are recorded in one transaction. */
	private final GroupCommit<Answered> outcomes;

	private final ApplicationEventPublisher events;

	private final WebhooksProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final String node;

	private final Semaphore inFlight;

	private final Map<String, AtomicInteger> inFlightByChannel = new ConcurrentHashMap<>();

	private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

	private final Timer requestTimer;

	private final Timer lagTimer;

	private volatile boolean stopping;

	WebhookDeliverer(DeliveryQueue queue, WebhookEndpoints endpoints, AccountService accounts, JsonMapper json,
			TransactionTemplate transactions, ApplicationEventPublisher events, WebhooksProperties properties,
			Clock clock, MeterRegistry meters) {
		this.queue = queue;
		this.endpoints = endpoints;
		this.accounts = accounts;
		this.payloads = new WebhookPayloads(json);
		this.transport = new WebhookTransport(endpoints.addressPolicy(),
				(SSLSocketFactory) SSLSocketFactory.getDefault());
		this.outcomes = new GroupCommit<>(transactions, this::recordAll,
				(one, ex) -> log.error(
						"Recording the delivery of webhook event {} failed; it is retried when its " + "lease expires",
						one.delivery().eventId(), ex));
		this.events = events;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
		this.node = NodeIds.resolve(properties.nodeId());
		this.inFlight = new Semaphore(properties.maxInFlight());
		this.requestTimer = Timer.builder("wabagate.webhooks.request")
			.description("Time a webhook endpoint took to answer one request")
			.publishPercentileHistogram()
			.register(meters);
		this.lagTimer = Timer.builder("wabagate.webhooks.lag")
			.description("Time from an event to its successful delivery")
			.publishPercentileHistogram()
			.register(meters);
		Gauge.builder("wabagate.webhooks.queue.depth", queue, DeliveryQueue::depth)
			.description("Webhook events stored but not yet delivered")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${wabagate.webhooks.poll-interval:50ms}")
	void poll() {
		if (!this.properties.enabled() || this.stopping) {
			return;
		}
		int claimed;
		do {
			int capacity = Math.min(this.properties.batchSize(), this.inFlight.availablePermits());
			if (capacity == 0) {
				return;
			}
			Set<String> busy = this.inFlightByChannel.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().get() >= this.properties.maxInFlightPerEndpoint())
				.map(Map.Entry::getKey)
				.collect(Collectors.toSet());
			Instant now = this.clock.instant();
			List<Delivery> batch = this.queue.claim(this.node, capacity, now, now.plus(this.properties.lease()), busy);
			claimed = batch.size();
			for (Delivery delivery : batch) {
				AtomicInteger channelCount = this.inFlightByChannel.computeIfAbsent(delivery.channelId(),
						(id) -> new AtomicInteger());
				if (channelCount.incrementAndGet() > this.properties.maxInFlightPerEndpoint()) {
					channelCount.decrementAndGet();
					this.queue.release(delivery, this.node);
					continue;
				}
				this.inFlight.acquireUninterruptibly();
				this.senders.execute(() -> {
					try {
						deliver(delivery);
					}
					catch (RuntimeException ex) {
						log.error("Delivering webhook event {} failed; it is retried when its lease expires",
								delivery.eventId(), ex);
					}
					finally {
						channelCount.decrementAndGet();
						this.inFlight.release();
					}
				});
			}
		}
		while (claimed > 0 && !this.stopping);
	}

	private void deliver(Delivery delivery) {
		WebhookEndpoint endpoint = this.endpoints.find(delivery.channelId()).orElse(null);
		Channel channel = this.accounts.findChannel(delivery.channelId()).orElse(null);
		if (endpoint == null || channel == null || !endpoint.enabled()) {
			this.queue.release(delivery, this.node);
			return;
		}
		byte[] body = this.payloads.render(endpoint.format(), channel, delivery.field(), delivery.data());
		long timestamp = this.clock.instant().getEpochSecond();
		Map<String, String> headers = new LinkedHashMap<>(endpoint.headers());
		headers.put("webhook-id", delivery.eventId());
		headers.put("webhook-timestamp", Long.toString(timestamp));
		String signature = WebhookSignatures.standard(endpoint.secret(), delivery.eventId(), timestamp, body);
		if (endpoint.previousSecret() != null) {
			signature += " "
					+ WebhookSignatures.standard(endpoint.previousSecret(), delivery.eventId(), timestamp, body);
		}
		headers.put("webhook-signature", signature);
		headers.put("X-Hub-Signature-256",
				(endpoint.appSecret() != null) ? WebhookSignatures.hubWithAppSecret(endpoint.appSecret(), body)
						: WebhookSignatures.hub(endpoint.secret(), body));
		long started = System.nanoTime();
		Result result = this.transport.post(URI.create(endpoint.url()), headers, body, this.properties.timeout());
		long elapsed = System.nanoTime() - started;
		this.requestTimer.record(Duration.ofNanos(elapsed));
		int latencyMs = (int) (elapsed / 1_000_000);
		this.outcomes.record(new Answered(delivery, result, latencyMs));
	}

	private record Answered(Delivery delivery, Result result, int latencyMs) {
	}

	private void recordAll(List<Answered> group) {
		Instant now = this.clock.instant();
		group.forEach((one) -> record(one.delivery(), one.result(), one.latencyMs(), now));
	}

	private void record(Delivery delivery, Result result, int latencyMs, Instant now) {
		Integer statusCode = (result instanceof Result.Answered answered) ? answered.statusCode() : null;
		if (statusCode != null && statusCode >= 200 && statusCode < 300) {
			this.queue.recordAttempt(delivery, this.node, now, statusCode, latencyMs, "delivered", null);
			if (this.queue.finish(delivery, this.node, EventState.DELIVERED, now)) {
				this.endpoints.succeeded(delivery.channelId());
				this.lagTimer.record(Duration.between(delivery.occurredAt(), now));
				count("delivered");
			}
			return;
		}
		String error = switch (result) {
			case Result.Failed failed -> failed.error();
			case Result.Answered answered ->
				"HTTP " + answered.statusCode() + ((answered.statusCode() >= 300 && answered.statusCode() < 400)
						? " (redirects are not followed)" : "");
		};
		if (statusCode != null && statusCode == 410) {
			this.queue.recordAttempt(delivery, this.node, now, statusCode, latencyMs, "gone", error);
			this.queue.retryAt(delivery, this.node, now, now);
			disable(delivery.channelId(), "The endpoint answered 410 Gone");
			count("gone");
			return;
		}
		Instant failingSince = this.endpoints.failed(delivery.channelId(), now);
		if (delivery.attempts() > this.properties.retrySchedule().size()) {
			this.queue.recordAttempt(delivery, this.node, now, statusCode, latencyMs, "exhausted", error);
			this.queue.finish(delivery, this.node, EventState.EXHAUSTED, now);
			count("exhausted");
		}
		else {
			this.queue.recordAttempt(delivery, this.node, now, statusCode, latencyMs, "retry", error);
			Duration hinted = (result instanceof Result.Answered answered) ? answered.retryAfter() : null;
			this.queue.retryAt(delivery, this.node, now, now.plus(delay(delivery.attempts(), hinted)));
			count("retry");
		}
		if (failingSince.isBefore(now.minus(this.properties.disableAfter()))) {
			disable(delivery.channelId(), "Every delivery failed since " + failingSince);
		}
	}

	/**
	 * The scheduled delay after attempt {@code attempts}, plus up to 20 % jitter so the
	 * retries of many events spread out; a Retry-After from the endpoint is a floor.
	 */
	private Duration delay(int attempts, @Nullable Duration retryAfter) {
		Duration scheduled = this.properties.retrySchedule().get(attempts - 1);
		long jitterMillis = ThreadLocalRandom.current().nextLong(scheduled.toMillis() / 5 + 1);
		Duration computed = scheduled.plusMillis(jitterMillis);
		if (retryAfter == null) {
			return computed;
		}
		Duration capped = (retryAfter.compareTo(this.properties.retryAfterMax()) > 0) ? this.properties.retryAfterMax()
				: retryAfter;
		return (capped.compareTo(computed) > 0) ? capped : computed;
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

	@Override
	public void destroy() throws InterruptedException {
		this.stopping = true;
		this.senders.shutdown();
		if (!this.senders.awaitTermination(this.properties.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
			log.warn("Webhook requests still running at shutdown; their leases expire and other nodes retry them");
		}
	}

}
