package dev.wabagate.messaging.dispatch;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.Channel;
import dev.wabagate.messaging.MessageLifecycle;
import dev.wabagate.messaging.MessageStatus;
import dev.wabagate.messaging.StatusIntake;
import dev.wabagate.shared.ErrorCodes;
import dev.wabagate.shared.GroupCommit;
import dev.wabagate.shared.NodeIds;
import dev.wabagate.upstream.OutboundMessage;
import dev.wabagate.upstream.Providers;
import dev.wabagate.upstream.SendOutcome;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands queued messages to their provider. Every node runs one; they share the queue
 * through leased claims. A send runs on its own virtual thread and its outcome is
 * recorded in one transaction with the queue update, so a crash between the provider's
 * answer and that commit is the only window in which a retry can duplicate a message.
 */
@Component
class Dispatcher implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private static final Duration CHANNEL_CACHE_TTL = Duration.ofSeconds(5);

	private static final Duration LEASE_SAFETY_MARGIN = Duration.ofSeconds(1);

	private final OutboundQueue queue;

	private final Providers providers;

	private final AccountService accounts;

	private final MessageLifecycle lifecycle;

	private final StatusIntake statusIntake;

	private final ChannelPacer pacer;

	private final JdbcClient jdbc;

	private final DispatchProperties properties;

	private final Clock clock;

	private final String node;

	private final RetryPolicy retries;

	private final Semaphore inFlight;

	private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

	private final Map<String, CachedChannel> channels = new ConcurrentHashMap<>();

	/** Outcomes that finish together are recorded in one transaction. */
	private final GroupCommit<Finished> outcomes;

	private final JdbcTemplate batches;

	private final Timer sendTimer;

	private final MeterRegistry meters;

	private volatile boolean stopping;

	Dispatcher(OutboundQueue queue, Providers providers, AccountService accounts, MessageLifecycle lifecycle,
			StatusIntake statusIntake, ChannelPacer pacer, JdbcClient jdbc, JdbcTemplate batches,
			TransactionTemplate transactions, DispatchProperties properties, Clock clock, MeterRegistry meters) {
		this.queue = queue;
		this.providers = providers;
		this.accounts = accounts;
		this.lifecycle = lifecycle;
		this.statusIntake = statusIntake;
		this.pacer = pacer;
		this.jdbc = jdbc;
		this.batches = batches;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
		this.node = NodeIds.resolve(properties.nodeId());
		this.outcomes = new GroupCommit<>(transactions, this::recordAll,
				(one, ex) -> log.error("Recording the send of {} failed; it will be retried when its lease expires",
						one.message().messageId(), ex));
		this.retries = new RetryPolicy(properties.backoffBase(), properties.backoffMax(), properties.giveUpAge(),
				() -> ThreadLocalRandom.current().nextLong());
		this.inFlight = new Semaphore(properties.maxInFlight());
		this.sendTimer = Timer.builder("wabagate.dispatch.send")
			.description("Time the provider took to answer one send")
			.publishPercentileHistogram()
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${wabagate.dispatch.poll-interval:50ms}")
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
			Instant now = this.clock.instant();
			Instant leaseUntil = now.plus(this.properties.lease());
			List<QueuedMessage> batch = this.queue.claim(this.node, capacity, now, leaseUntil,
					now.plus(this.properties.pacingHorizon()));
			claimed = batch.size();
			Map<String, List<QueuedMessage>> byChannel = batch.stream()
				.collect(Collectors.groupingBy(QueuedMessage::channelId, LinkedHashMap::new, Collectors.toList()));
			byChannel.forEach((channelId, messages) -> schedule(channel(channelId), messages, now, leaseUntil));
		}
		while (claimed > 0 && !this.stopping);
	}

	/**
	 * Reserves the channel's shared send slots for its claimed heads and starts one send
	 * per slot; heads beyond the pacing horizon go back to the queue for a later poll.
	 */
	private void schedule(Channel channel, List<QueuedMessage> messages, Instant now, Instant leaseUntil) {
		ChannelPacer.Slots slots = this.pacer.reserve(channel.id(), channel.throughputMps(), messages.size(), now,
				this.properties.pacingHorizon());
		if (slots.count() < messages.size()) {
			this.queue.release(messages.subList(slots.count(), messages.size()), this.node);
		}
		for (int i = 0; i < slots.count(); i++) {
			QueuedMessage message = messages.get(i);
			Instant slot = slots.slot(i);
			this.inFlight.acquireUninterruptibly();
			this.senders.execute(() -> {
				try {
					dispatch(channel, message, slot, leaseUntil);
				}
				catch (RuntimeException ex) {
					log.error("Dispatching {} failed; it will be retried when its lease expires", message.messageId(),
							ex);
				}
				finally {
					this.inFlight.release();
				}
			});
		}
	}

	private void dispatch(Channel channel, QueuedMessage message, Instant slot, Instant leaseUntil) {
		try {
			Duration wait = Duration.between(this.clock.instant(), slot);
			if (wait.isPositive()) {
				Thread.sleep(wait);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.queue.release(List.of(message), this.node);
			return;
		}
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
		int durationMs = (int) (elapsedNanos / 1_000_000);
		this.outcomes.record(new Finished(message, channel, outcome, durationMs));
	}

	private void recordAll(List<Finished> group) {
		Instant now = this.clock.instant();
		List<Finished> accepted = new ArrayList<>();
		for (Finished one : group) {
			switch (one.outcome()) {
				case SendOutcome.Accepted ignored -> accepted.add(one);
				case SendOutcome.Rejected rejected ->
					recordRejected(one.message(), one.channel(), rejected, now, one.durationMs());
				case SendOutcome.RetryLater retry ->
					recordRetry(one.message(), one.channel(), retry, now, one.durationMs());
			}
		}
		recordAccepted(accepted, now);
	}

	private void recordAccepted(List<Finished> accepted, Instant now) {
		if (accepted.isEmpty()) {
			return;
		}
		Set<Long> removed = this.queue.removeAll(accepted.stream().map(Finished::message).toList(), this.node);
		List<Finished> held = new ArrayList<>();
		for (Finished one : accepted) {
			if (removed.contains(one.message().seq())) {
				held.add(one);
			}
			else {
				log.warn("Lease on {} was lost while sending; another node owns it now", one.message().messageId());
			}
		}
		this.statusIntake.recordUpstreamIds(held.stream()
			.map((one) -> new MessageLifecycle.AcceptedUpstream(one.message().messageId(), one.channel().id(),
					((SendOutcome.Accepted) one.outcome()).upstreamMessageId()))
			.toList(), now);
		Timestamp at = Timestamp.from(now);
		this.batches.batchUpdate("""
				insert into message_attempts (message_id, attempted_at, outcome, duration_ms, node)
				values (?, ?, 'accepted', ?, ?)""",
				held.stream()
					.map((one) -> new Object[] { one.message().messageId(), at, one.durationMs(), this.node })
					.toList());
		held.forEach((one) -> countAttempt(one.channel(), "accepted", null));
	}

	private void recordRejected(QueuedMessage message, Channel channel, SendOutcome.Rejected rejected, Instant now,
			int durationMs) {
		if (!this.queue.remove(message, this.node)) {
			return;
		}
		recordAttempt(message, channel, now, "rejected", rejected.code(), rejected.title(), durationMs);
		this.lifecycle.advance(message.messageId(), MessageStatus.FAILED, now, rejected.code(), rejected.title(),
				rejected.details());
	}

	private void recordRetry(QueuedMessage message, Channel channel, SendOutcome.RetryLater retry, Instant now,
			int durationMs) {
		recordAttempt(message, channel, now, retry.outcomeUnknown() ? "unknown" : "retry", retry.code(), retry.title(),
				durationMs);
		if (retry.scope() == SendOutcome.Scope.CHANNEL) {
			this.pacer.throttle(channel.id(), channel.throughputMps(),
					(retry.retryAfter() != null) ? retry.retryAfter() : this.properties.backoffBase(), now);
		}
		switch (this.retries.afterFailure(message.attempts(), retry, message.acceptedAt(), now)) {
			case RetryPolicy.Decision.RetryAt retryAt -> this.queue.retryAt(message, this.node, retryAt.at());
			case RetryPolicy.Decision.GiveUp giveUp -> {
				if (this.queue.remove(message, this.node)) {
					this.lifecycle.advance(message.messageId(), MessageStatus.FAILED, now, ErrorCodes.GAVE_UP,
							ErrorCodes.titleOf(ErrorCodes.GAVE_UP), giveUp.details());
					this.meters.counter("wabagate.dispatch.gave-up", "channel", channel.id()).increment();
				}
			}
		}
	}

	private void recordAttempt(QueuedMessage message, Channel channel, Instant at, String outcome,
			@Nullable Integer errorCode, @Nullable String errorTitle, int durationMs) {
		this.jdbc
			.sql("""
					insert into message_attempts (message_id, attempted_at, outcome, error_code, error_title, duration_ms, node)
					values (?, ?, ?, ?, ?, ?, ?)""")
			.params(message.messageId(), Timestamp.from(at), outcome, errorCode, errorTitle, durationMs, this.node)
			.update();
		countAttempt(channel, outcome, errorCode);
	}

	private void countAttempt(Channel channel, String outcome, @Nullable Integer errorCode) {
		this.meters
			.counter("wabagate.dispatch.attempts", "channel", channel.id(), "outcome", outcome, "code",
					(errorCode != null) ? errorCode.toString() : "none")
			.increment();
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
		this.stopping = true;
		this.senders.shutdown();
		if (!this.senders.awaitTermination(10, TimeUnit.SECONDS)) {
			log.warn("Sends still running at shutdown; their leases expire and other nodes retry them");
		}
	}

	private record Finished(QueuedMessage message, Channel channel, SendOutcome outcome, int durationMs) {
	}

	private record CachedChannel(Channel channel, long validUntilNanos) {
	}

}
