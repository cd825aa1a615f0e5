package dev.wabagate.upstream.sandbox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param sentDelay delay before the simulated {@code sent} status
 * @param deliveredDelay delay before {@code delivered}
 * @param readDelay delay before {@code read}
 * @param timeoutDelay how long a send to the timeout number hangs before failing
 * @param pollInterval how often due simulated events are reported
 */
@ConfigurationProperties("wabagate.sandbox")
record SandboxProperties(@DefaultValue("200ms") Duration sentDelay, @DefaultValue("600ms") Duration deliveredDelay,
		@DefaultValue("1500ms") Duration readDelay, @DefaultValue("3s") Duration timeoutDelay,
		@DefaultValue("100ms") Duration pollInterval) {
}
