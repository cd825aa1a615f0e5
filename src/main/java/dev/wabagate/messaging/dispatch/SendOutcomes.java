package dev.wabagate.messaging.dispatch;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wabagate.accounts.Channel;
import dev.wabagate.messaging.MessageLifecycle;
import dev.wabagate.messaging.MessageStatus;
import dev.wabagate.messaging.StatusIntake;
import dev.wabagate.shared.ErrorCodes;
import dev.wabagate.shared.GroupCommit;
import dev.wabagate.shared.NodeIds;
import dev.wabagate.upstream.SendOutcome;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records what the provider answered to sends, in one transaction with the queue update:
 * accepted (the wamid, the head leaves its lane), refused for good (failed with the
 * provider's code), or to retry (the {@link RetryPolicy} says when, or gives up with
 * 1110). Sends that finish together are recorded in one transaction (group commit); every
 * change is fenced by the lease, so a node that lost a lease records nothing.
 */
@Component
class SendOutcomes {

	private static final Logger log = LoggerFactory.getLogger(SendOutcomes.class);

	private final OutboundQueue queue;

	private final MessageLifecycle lifecycle;

	private final StatusIntake statusIntake;

	private final ChannelPacer pacer;

	private final JdbcClient jdbc;

	private final DispatchProperties properties;

	private final Clock clock;

	private final MeterRegistry meters;

	private final String node;

	private final RetryPolicy retries;

	private final GroupCommit<Finished> outcomes;

	/**
	 * The attempt counters, looked up once rather than per attempt: a registry lookup
	 * builds and sorts the tags.
	 */
	private final Map<AttemptKind, Counter> attemptCounters = new ConcurrentHashMap<>();

	SendOutcomes(OutboundQueue queue, MessageLifecycle lifecycle, StatusIntake statusIntake, ChannelPacer pacer,
			JdbcClient jdbc, TransactionTemplate transactions, DispatchProperties properties, Clock clock,
			MeterRegistry meters) {
		this.queue = queue;
		this.lifecycle = lifecycle;
		this.statusIntake = statusIntake;
		this.pacer = pacer;
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
		this.meters = meters;
		this.node = NodeIds.resolve(properties.nodeId());
		this.retries = new RetryPolicy(properties.backoffBase(), properties.backoffMax(), properties.giveUpAge(),
				() -> ThreadLocalRandom.current().nextLong());
		this.outcomes = new GroupCommit<>(transactions, this::recordAll,
				(one, ex) -> log.error("Recording the send of {} failed; it will be retried when its lease expires",
						one.message().messageId(), ex));
	}

	/** One send and what the provider answered. */
	record Finished(QueuedMessage message, Channel channel, SendOutcome outcome, int durationMs) {
	}

	/** Records the outcome; returns once it is committed (by this thread or another). */
	void record(Finished finished) {
		this.outcomes.record(finished);
	}

	private void recordAll(List<Finished> group) {
		Instant now = this.clock.instant();
		List<Finished> accepted = new ArrayList<>();
		List<Attempt> attempts = new ArrayList<>();
		for (Finished one : group) {
			switch (one.outcome()) {
				case SendOutcome.Accepted ignored -> accepted.add(one);
				case SendOutcome.Rejected rejected -> recordRejected(one, rejected, now, attempts);
				case SendOutcome.RetryLater retry -> recordRetry(one, retry, now, attempts);
			}
		}
		recordAccepted(accepted, now, attempts);
		if (attempts.isEmpty()) {
			return;
		}
		int size = attempts.size();
		String[] messageIds = new String[size];
		String[] outcomes = new String[size];
		@Nullable Integer[] errorCodes = new Integer[size];
		@Nullable String[] errorTitles = new String[size];
		Integer[] durations = new Integer[size];
		for (int i = 0; i < size; i++) {
			Attempt attempt = attempts.get(i);
			messageIds[i] = attempt.finished().message().messageId();
			outcomes[i] = attempt.outcome();
			errorCodes[i] = attempt.errorCode();
			errorTitles[i] = attempt.errorTitle();
			durations[i] = attempt.finished().durationMs();
		}
		// One statement whatever the group's size (typed arrays, sent as such).
		this.jdbc.sql(INSERT_ATTEMPTS)
			.params(Timestamp.from(now), this.node, new SqlArrayValue("varchar", (Object[]) messageIds),
					new SqlArrayValue("varchar", (Object[]) outcomes),
					new SqlArrayValue("integer", (Object[]) errorCodes),
					new SqlArrayValue("varchar", (Object[]) errorTitles),
					new SqlArrayValue("integer", (Object[]) durations))
			.update();
		for (Attempt attempt : attempts) {
			countAttempt(attempt.finished().channel(), attempt.outcome(), attempt.errorCode());
		}
	}

	private static final String INSERT_ATTEMPTS = """
			insert into message_attempts (message_id, attempted_at, outcome, error_code, error_title, duration_ms, node)
			select a.message_id, ?, a.outcome, a.error_code, a.error_title, a.duration_ms, ?
			from unnest(cast(? as varchar array), cast(? as varchar array), cast(? as integer array),
			    cast(? as varchar array), cast(? as integer array))
			    as a (message_id, outcome, error_code, error_title, duration_ms)""";

	private void recordAccepted(List<Finished> accepted, Instant now, List<Attempt> attempts) {
		if (accepted.isEmpty()) {
			return;
		}
		Set<Long> removed = this.queue.removeAll(accepted.stream().map(Finished::message).toList(), this.node, now);
		List<MessageLifecycle.AcceptedUpstream> held = new ArrayList<>(accepted.size());
		for (Finished one : accepted) {
			if (removed.contains(one.message().lease().seq())) {
				held.add(new MessageLifecycle.AcceptedUpstream(one.message().messageId(), one.channel().id(),
						((SendOutcome.Accepted) one.outcome()).upstreamMessageId()));
				attempts.add(new Attempt(one, "accepted", null, null));
			}
			else {
				log.warn("Lease on {} was lost while sending; another node owns it now", one.message().messageId());
			}
		}
		this.statusIntake.recordUpstreamIds(held);
	}

	private void recordRejected(Finished one, SendOutcome.Rejected rejected, Instant now, List<Attempt> attempts) {
		if (!this.queue.remove(one.message(), this.node, now)) {
			return;
		}
		attempts.add(new Attempt(one, "rejected", rejected.code(), rejected.title()));
		this.lifecycle.advance(one.message().messageId(), MessageStatus.FAILED, now, rejected.code(), rejected.title(),
				rejected.details());
	}

	private void recordRetry(Finished one, SendOutcome.RetryLater retry, Instant now, List<Attempt> attempts) {
		QueuedMessage message = one.message();
		Channel channel = one.channel();
		attempts.add(new Attempt(one, retry.outcomeUnknown() ? "unknown" : "retry", retry.code(), retry.title()));
		if (retry.scope() == SendOutcome.Scope.CHANNEL) {
			this.pacer.throttle(channel.id(), channel.throughputMps(),
					(retry.retryAfter() != null) ? retry.retryAfter() : this.properties.backoffBase(), now);
		}
		switch (this.retries.afterFailure(message.attempts(), retry, message.acceptedAt(), now)) {
			case RetryPolicy.Decision.RetryAt retryAt -> this.queue.retryAt(message, this.node, retryAt.at());
			case RetryPolicy.Decision.GiveUp giveUp -> {
				if (this.queue.remove(message, this.node, now)) {
					this.lifecycle.advance(message.messageId(), MessageStatus.FAILED, now, ErrorCodes.GAVE_UP,
							ErrorCodes.titleOf(ErrorCodes.GAVE_UP), giveUp.details());
					this.meters.counter("wabagate.dispatch.gave-up", "channel", channel.id()).increment();
				}
			}
		}
	}

	private void countAttempt(Channel channel, String outcome, @Nullable Integer errorCode) {
		this.attemptCounters
			.computeIfAbsent(new AttemptKind(channel.id(), outcome, errorCode),
					(kind) -> this.meters.counter("wabagate.dispatch.attempts", "channel", kind.channelId(), "outcome",
							kind.outcome(), "code", (kind.errorCode() != null) ? kind.errorCode().toString() : "none"))
			.increment();
	}

	/** What an attempt counter counts. */
	private record AttemptKind(String channelId, String outcome, @Nullable Integer errorCode) {
	}

	private record Attempt(Finished finished, String outcome, @Nullable Integer errorCode,
			@Nullable String errorTitle) {
	}

}
