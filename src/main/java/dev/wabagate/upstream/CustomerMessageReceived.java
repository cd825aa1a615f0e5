package dev.wabagate.upstream;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.modulith.NamedInterface;

/**
 * A customer wrote to a channel. Published inside the provider's intake transaction.
 *
 * @param message the message object in the Cloud API webhook shape ({@code from},
 * {@code id}, {@code timestamp}, {@code type}, and the type's object), as JSON
 */
@NamedInterface("events")
public record CustomerMessageReceived(String channelId, String waId, @Nullable String profileName,
		String upstreamMessageId, String type, String message, Instant timestamp) {
}
