package dev.wabagate.messaging;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.modulith.NamedInterface;

/**
 * A message moved to a new status. Published inside the transaction that stored the
 * change, so what a listener writes (the webhook queue) commits or rolls back with it; a
 * listener that fails on anything but the database does not undo the change (ADR 0009).
 *
 * @param upstreamMessageId the provider's id (wamid), once known
 * @param bizOpaqueCallbackData the client's tracking string from the send request, if any
 */
@NamedInterface("events")
public record MessageStatusChanged(String messageId, String channelId, String accountId, String recipientWaId,
		MessageStatus status, Instant occurredAt, @Nullable String upstreamMessageId, @Nullable Integer errorCode,
		@Nullable String errorTitle, @Nullable String errorDetails, @Nullable String bizOpaqueCallbackData) {
}
