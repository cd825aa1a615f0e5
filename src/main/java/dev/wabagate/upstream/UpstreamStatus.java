package dev.wabagate.upstream;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A provider's report about a message it accepted.
 *
 * @param status {@code sent}, {@code delivered}, {@code read} or {@code failed}
 */
public record UpstreamStatus(String channelId, String upstreamMessageId, String status, Instant timestamp,
		@Nullable Integer errorCode, @Nullable String errorTitle, @Nullable String errorDetails) {
}
