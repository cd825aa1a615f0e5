package dev.wabagate.webhooks;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether this node delivers webhooks (a node can serve the API only)
 * @param requireHttps refuse {@code http://} webhook URLs (on in the prod profile)
 * @param allowedRanges address ranges (CIDR) a webhook may reach although they are
 * private, loopback, link-local or similar; the embedded default allows loopback
 * @param timeout how long one request may take, connect to response headers
 * @param retrySchedule the delays between attempts after the first; its length is the
 * number of retries
 * @param retryAfterMax the longest {@code Retry-After} honoured
 * @param disableAfter an endpoint that has failed without a success for this long is
 * disabled
 * @param pollInterval how often the queue is polled
 * @param batchSize how many lane heads one poll claims at most
 * @param maxInFlight requests this node runs at once, across all endpoints
 * @param maxInFlightPerEndpoint requests this node runs at once to one endpoint, so a
 * slow endpoint cannot take all workers
 * @param maxEventsPerRequest how many events one request carries at most, for endpoints
 * that do not set their own (1 to 1000; 1, one event per request, keeps receivers that
 * read only the first status or message whole, ADR 0028)
 * @param lease how long a claim is exclusive; longer than {@code timeout}
 * @param secretRotationGrace how long the previous secret keeps signing after a rotation
 * @param retention how long delivered and exhausted events stay in the log
 * @param nodeId this node's name in leases and the attempt log (default: host and pid)
 */
@ConfigurationProperties("wabagate.webhooks")
record WebhooksProperties(@DefaultValue("true") boolean enabled, @DefaultValue("false") boolean requireHttps,
		@DefaultValue List<String> allowedRanges, @DefaultValue("10s") Duration timeout, @DefaultValue( {
				"5s", "5m", "30m", "2h", "5h", "10h", "14h", "20h", "24h" }) List<Duration> retrySchedule,
		@DefaultValue("24h") Duration retryAfterMax, @DefaultValue("5d") Duration disableAfter,
		@DefaultValue("50ms") Duration pollInterval, @DefaultValue("100") int batchSize,
		@DefaultValue("256") int maxInFlight, @DefaultValue("8") int maxInFlightPerEndpoint,
		@DefaultValue("1") int maxEventsPerRequest, @DefaultValue("60s") Duration lease,
		@DefaultValue("24h") Duration secretRotationGrace, @DefaultValue("14d") Duration retention,
		@Nullable String nodeId){

	WebhooksProperties {
		if (maxEventsPerRequest < 1 || maxEventsPerRequest > WebhookEndpoint.MAX_EVENTS_PER_REQUEST) {
			throw new IllegalArgumentException("wabagate.webhooks.max-events-per-request must be 1 to "
					+ WebhookEndpoint.MAX_EVENTS_PER_REQUEST + " (was " + maxEventsPerRequest + ")");
		}
	}

}
