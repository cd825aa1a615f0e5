package dev.wabagate.messaging.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.NodeIds;
import dev.wabagate.shared.queue.ClaimLoop;
import dev.wabagate.shared.queue.ClaimLoop.Work;
import dev.wabagate.shared.queue.Lease;
import dev.wabagate.upstream.OutboundMessage;
import dev.wabagate.upstream.Providers;
import dev.wabagate.upstream.SendOutcome;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Hands queued messages to their provider: the outbound queue's claim loop. Every node
 * runs one; they share the queue through leased claims. A channel's heads are claimed
 * only as far as its shared send slots reach ({@link ChannelPacer}); each send runs on
 * its own virtual thread, waits for its slot, and hands the provider's answer to
 * {@link SendOutcomes}, which commits it with the queue update, so a crash between the
 * provider's answer and that commit is the only window in which a retry can duplicate a
 * message.
 */
@Component
class Dispatcher implements ClaimLoop.Worker, DisposableBean {

	private static final Duration CHANNEL_CACHE_TTL = Duration.ofSeconds(5);

	private static final Duration LEASE_SAFETY_MARGIN = Duration.ofSeconds(1);

	private final OutboundQueue queue;

	private final Providers providers;

	private final AccountService accounts;

	private final ChannelPacer pacer;

	private final SendOutcomes outcomes;

	private final DispatchProperties properties;

	private final Clock clock;

	private final String node;

	private final ClaimLoop loop;

	private final Map<String, CachedChannel> channels = new ConcurrentHashMap<>();

	private final Timer sendTimer;

	Dispatcher(OutboundQueue queue, Providers providers, AccountService accounts, ChannelPacer pacer,
			SendOutcomes outcomes, DispatchProperties properties, Clock clock, MeterRegistry meters) {
		this.queue = queue;
		this.providers = providers;
		this.accounts = accounts;
		this.pacer = pacer;
		this.outcomes = outcomes;
		this.properties = properties;
		this.clock = clock;
		this.node = NodeIds.resolve(properties.nodeId());
		this.loop = new ClaimLoop(queue.lanes(), this, new ClaimLoop.Settings(properties.enabled(),
				properties.batchSize(), properties.maxInFlight(), properties.lease()), this.node, clock);
		this.sendTimer = Timer.builder("wabagate.dispatch.send")
			.description("Time the provider took to answer one send")
			.publishPercentileHistogram()
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${wabagate.dispatch.poll-interval:50ms}")
	void poll() {
		this.loop.poll();
	}

	/** No more heads than the channel's free send slots within the pacing horizon. */
	@Override
	public int room(String channelId, int capacity, Instant now) {
		return this.pacer.room(channelId, channel(channelId).throughputMps(), now, this.properties.pacingHorizon());
	}

	/**
	 * Reserves the channel's shared send slots for its claimed heads and answers one send
	 * per slot, due at its slot (it waits for it without an in-flight permit); heads
	 * beyond the pacing horizon go back to the queue for a later poll.
	 */
	@Override
	public List<Work> start(String channelId, List<Lease> leases, Instant now, Instant leaseUntil) {
		Channel channel = channel(channelId);
		List<QueuedMessage> messages = this.queue.withPayloads(leases);
		ChannelPacer.Slots slots = this.pacer.reserve(channel.id(), channel.throughputMps(), messages.size(), now,
				this.properties.pacingHorizon());
		if (slots.count() < messages.size()) {
			this.queue.release(messages.subList(slots.count(), messages.size()), this.node);
		}
		List<Work> sends = new ArrayList<>(slots.count());
		for (int i = 0; i < slots.count(); i++) {
			QueuedMessage message = messages.get(i);
			sends.add(new Work(slots.slot(i), () -> dispatch(channel, message, leaseUntil),
					() -> this.queue.release(List.of(message), this.node)));
		}
		return sends;
	}

	private void dispatch(Channel channel, QueuedMessage message, Instant leaseUntil) {
		// A send that starts this late could outlive the lease and race a node that took
		// the message over; giving it back is safe, sending is not.
		if (this.clock.instant().plus(LEASE_SAFETY_MARGIN).isAfter(leaseUntil)) {
			this.queue.release(List.of(message), this.node);
			return;
		}
		long started = System.nanoTime();
		SendOutcome outcome = this.providers.of(channel)
			.send(new OutboundMessage(message.messageId(), channel, message.recipient(), message.payload()));
		long elapsedNanos = System.nanoTime() - started;
		this.sendTimer.record(Duration.ofNanos(elapsedNanos));
		this.outcomes.record(new SendOutcomes.Finished(message, channel, outcome, (int) (elapsedNanos / 1_000_000)));
	}

	private Channel channel(String channelId) {
		long now = System.nanoTime();
		CachedChannel cached = this.channels.get(channelId);
		if (cached != null && cached.validUntilNanos() - now > 0) {
			return cached.channel();
		}
		Channel channel = this.accounts.findChannel(channelId)
			.orElseThrow(() -> new IllegalStateException("Queued message for unknown channel " + channelId));
		this.channels.put(channelId, new CachedChannel(channel, now + CHANNEL_CACHE_TTL.toNanos()));
		return channel;
	}

	@Override
	public void destroy() throws InterruptedException {
		this.loop.stop(Duration.ofSeconds(10));
	}

	private record CachedChannel(Channel channel, long validUntilNanos) {
	}

}
