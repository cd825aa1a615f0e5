package dev.wabagate.messaging.dispatch;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether this node sends messages (a node can serve the API only)
 * @param pollInterval how often the queue is polled when idle
 * @param batchSize how many lane heads one poll claims at most
 * @param maxInFlight how many sends this node runs at once
 * @param lease how long a claim is exclusive; a node that dies holding it loses it after
 * this
 * @param giveUpAge how long after acceptance a message that keeps failing is given up
 * @param backoffBase first retry delay; doubled per attempt, with jitter
 * @param backoffMax the longest retry delay
 * @param pacingHorizon how far ahead a node reserves a channel's send slots; heads beyond
 * it stay in the queue for any node to claim later
 * @param throttleRecovery how long a channel slowed by throughput errors takes to climb
 * from nothing back to its limit (the additive half of AIMD)
 * @param nodeId this node's name in leases and attempt records (default: host and pid)
 */
@ConfigurationProperties("wabagate.dispatch")
record DispatchProperties(@DefaultValue("true") boolean enabled, @DefaultValue("50ms") Duration pollInterval,
		@DefaultValue("200") int batchSize, @DefaultValue("256") int maxInFlight, @DefaultValue("15s") Duration lease,
		@DefaultValue("24h") Duration giveUpAge, @DefaultValue("1s") Duration backoffBase,
		@DefaultValue("10m") Duration backoffMax, @DefaultValue("1s") Duration pacingHorizon,
		@DefaultValue("20s") Duration throttleRecovery, @Nullable String nodeId) {
}
