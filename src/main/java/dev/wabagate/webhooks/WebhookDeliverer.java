package dev.wabagate.webhooks;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSocketFactory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.CacheGenerations;
import dev.wabagate.shared.NodeIds;
import dev.wabagate.shared.queue.ClaimLoop;
import dev.wabagate.shared.queue.ClaimLoop.Work;
import dev.wabagate.shared.queue.LaneQueue;
import dev.wabagate.shared.queue.Lease;
import dev.wabagate.webhooks.WebhookQueue.Delivery;
import dev.wabagate.webhooks.WebhookTransport.Result;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers queued webhook events: the webhook queue's claim loop. Every node runs one;
 * they share the queue through leased claims. The heads claimed for a channel (each of
 * another chat) go out in requests of up to the endpoint's {@code max_events_per_request}
 * events of one kind ({@link WebhookBatches}, ADR 0028). Each request runs on its own
 * virtual thread; a node runs at most {@code max-in-flight-per-endpoint} requests to one
 * endpoint and claims nothing of a channel while it is at that cap or its webhook is
 * disabled, so an endpoint that hangs ties up only its own share of the workers and never
 * delays another account's deliveries. Endpoints (with their decrypted secrets) and
 * channels are read from memory, dropped on every node when they change (ADR 0026); the
 * answers go to {@link WebhookOutcomes}.
 */
@Component
class WebhookDeliverer implements ClaimLoop.Worker, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(WebhookDeliverer.class);

	private final WebhookQueue queue;

	private final WebhookEndpoints endpoints;

	private final AccountService accounts;

	private final WebhookPayloads payloads;

	private final WebhookTransport transport;

	private final WebhookOutcomes outcomes;

	private final WebhooksProperties properties;

	private final Clock clock;

	private final String node;

	private final ClaimLoop loop;

	private final CacheGenerations.Cache<String, Optional<Channel>> channels;

	private final Map<String, AtomicInteger> inFlightByChannel = new ConcurrentHashMap<>();

	private final Timer requestTimer;

	WebhookDeliverer(WebhookQueue queue, WebhookEndpoints endpoints, AccountService accounts, JsonMapper json,
			WebhookOutcomes outcomes, CacheGenerations generations, WebhooksProperties properties, Clock clock,
			MeterRegistry meters) {
		this.queue = queue;
		this.endpoints = endpoints;
		this.accounts = accounts;
		this.payloads = new WebhookPayloads(json);
		this.transport = new WebhookTransport(endpoints.addressPolicy(),
				(SSLSocketFactory) SSLSocketFactory.getDefault(), properties.maxInFlightPerEndpoint(),
				properties.maxInFlight());
		this.outcomes = outcomes;
		this.properties = properties;
		this.clock = clock;
		this.node = NodeIds.resolve(properties.nodeId());
		this.loop = new ClaimLoop(queue.lanes(), this, new ClaimLoop.Settings(properties.enabled(),
				properties.batchSize(), properties.maxInFlight(), properties.lease()), this.node, clock);
		// The channel's ids and number go into Cloud API bodies; they are dropped
		// with the endpoints, and an endpoint cannot outlive its channel.
		this.channels = generations.cache(WebhookEndpoints.CACHE, 10_000);
		this.requestTimer = Timer.builder("wabagate.webhooks.request")
			.description("Time a webhook endpoint took to answer one request")
			.publishPercentileHistogram()
			.register(meters);
		Gauge.builder("wabagate.webhooks.queue.depth", queue.lanes(), LaneQueue::depth)
			.description("Webhook events stored but not yet delivered")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${wabagate.webhooks.poll-interval:50ms}")
	void poll() {
		this.loop.poll();
	}

	/**
	 * Nothing for a channel without an enabled webhook; else as many events as its free
	 * requests carry.
	 */
	@Override
	public int room(String channelId, int capacity, Instant now) {
		WebhookEndpoint endpoint = this.endpoints.current(channelId).orElse(null);
		if (endpoint == null || !endpoint.enabled()) {
			return 0;
		}
		long free = Math.max(0, freeRequests(channelId));
		return (int) Math.min(capacity, free * endpoint.maxEventsPerRequest());
	}

	private int freeRequests(String channelId) {
		return this.properties.maxInFlightPerEndpoint() - inFlight(channelId).get();
	}

	@Override
	public List<Work> start(String channelId, List<Lease> leases, Instant now, Instant leaseUntil) {
		WebhookEndpoint endpoint = this.endpoints.current(channelId).orElse(null);
		Channel channel = this.channels.get(channelId, this.accounts::findChannel).orElse(null);
		if (endpoint == null || channel == null || !endpoint.enabled()) {
			this.queue.lanes().release(leases, this.node);
			return List.of();
		}
		List<@Nullable Delivery> found = this.queue.withEvents(leases);
		dropOrphans(leases, found, now);
		List<Claimed> claimed = found.stream()
			.filter(Objects::nonNull)
			.sorted(Comparator.comparingLong((Delivery delivery) -> delivery.lease().seq()))
			.map((delivery) -> new Claimed(delivery, this.payloads.read(delivery.data())))
			.toList();
		List<List<Claimed>> batches = WebhookBatches.requests(claimed,
				(one) -> WebhookBatches.kind(one.delivery().field(), one.value()), endpoint.maxEventsPerRequest());
		// A claim of several kinds may need more requests than the endpoint has free.
		int free = freeRequests(channelId);
		if (batches.size() > free) {
			this.queue.lanes()
				.release(batches.subList(Math.max(free, 0), batches.size())
					.stream()
					.flatMap(List::stream)
					.map((one) -> one.delivery().lease())
					.toList(), this.node);
			batches = batches.subList(0, Math.max(free, 0));
		}
		AtomicInteger inFlight = inFlight(channelId);
		List<Work> requests = new ArrayList<>(batches.size());
		for (List<Claimed> batch : batches) {
			inFlight.incrementAndGet();
			requests.add(Work.now(() -> {
				try {
					deliver(endpoint, channel, batch);
				}
				finally {
					inFlight.decrementAndGet();
				}
				// The endpoint has room again and the chat's next event may be due: claim
				// now instead of at the next scheduled poll.
				this.loop.poll();
			}));
		}
		return requests;
	}

	/**
	 * Removes the claimed items whose events are no longer stored (a replay that queued
	 * an old event while the retention purged it), so that their chats' next events go
	 * out instead of waiting behind a head that can never be delivered.
	 */
	private void dropOrphans(List<Lease> leases, List<@Nullable Delivery> found, Instant now) {
		List<Lease> orphans = new ArrayList<>();
		for (int i = 0; i < leases.size(); i++) {
			if (found.get(i) == null) {
				orphans.add(leases.get(i));
			}
		}
		if (!orphans.isEmpty()) {
			log.warn("Dropping {} queued webhook deliveries whose events are no longer stored: {}", orphans.size(),
					orphans.stream().map(Lease::ref).toList());
			this.queue.drop(orphans, this.node, now);
		}
	}

	private AtomicInteger inFlight(String channelId) {
		return this.inFlightByChannel.computeIfAbsent(channelId, (id) -> new AtomicInteger());
	}

	/** A claimed head with its event's value, read once. */
	private record Claimed(Delivery delivery, JsonNode value) {
	}

	/** One request: events of one kind (and so of one field), in queue order. */
	private void deliver(WebhookEndpoint endpoint, Channel channel, List<Claimed> batch) {
		List<Delivery> deliveries = batch.stream().map(Claimed::delivery).toList();
		byte[] body = this.payloads.render(endpoint.format(), channel, deliveries.get(0).field(),
				batch.stream().map(Claimed::value).toList());
		String webhookId = WebhookBatches.webhookId(deliveries.stream().map(Delivery::eventId).toList());
		Instant now = this.clock.instant();
		long timestamp = now.getEpochSecond();
		Map<String, String> headers = new LinkedHashMap<>(endpoint.headers());
		headers.put("webhook-id", webhookId);
		headers.put("webhook-timestamp", Long.toString(timestamp));
		String signature = WebhookSignatures.standard(endpoint.secret(), webhookId, timestamp, body);
		@Nullable String previousSecret = endpoint.previousSecretAt(now);
		if (previousSecret != null) {
			signature += " " + WebhookSignatures.standard(previousSecret, webhookId, timestamp, body);
		}
		headers.put("webhook-signature", signature);
		headers.put("X-Hub-Signature-256",
				(endpoint.appSecret() != null) ? WebhookSignatures.hubWithAppSecret(endpoint.appSecret(), body)
						: WebhookSignatures.hub(endpoint.secret(), body));
		long started = System.nanoTime();
		Result result = this.transport.post(URI.create(endpoint.url()), headers, body, this.properties.timeout());
		long elapsed = System.nanoTime() - started;
		this.requestTimer.record(Duration.ofNanos(elapsed));
		this.outcomes.record(new WebhookOutcomes.Answered(deliveries, webhookId, result, (int) (elapsed / 1_000_000)));
	}

	@Override
	public void destroy() throws InterruptedException {
		this.loop.stop(this.properties.timeout().plusSeconds(1));
		this.transport.closeIdle();
	}

}
