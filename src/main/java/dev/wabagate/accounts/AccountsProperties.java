package dev.wabagate.accounts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param keyRotationGrace how long a rotated-out key keeps working
 * @param requestsPerSecond sustained API requests per second per key (per node)
 * @param requestBurst requests a key may send at once above the sustained rate
 * @param keyCacheTtl how long a node trusts a key lookup; bounds how late a revocation is
 * seen
 */
@ConfigurationProperties("wabagate.api-keys")
record AccountsProperties(@DefaultValue("24h") Duration keyRotationGrace, @DefaultValue("500") int requestsPerSecond,
		@DefaultValue("1000") int requestBurst, @DefaultValue("5s") Duration keyCacheTtl) {
}
