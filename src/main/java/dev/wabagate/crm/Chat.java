package dev.wabagate.crm;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A conversation between a channel and one customer. */
public record Chat(String id, String channelId, String waId, @Nullable String profileName,
		@Nullable Instant lastInboundAt) {
}
