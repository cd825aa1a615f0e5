package dev.wabagate.accounts;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** What may be shown about a stored API key: never the key itself. */
public record ApiKeyInfo(String id, String channelId, String prefix, Instant createdAt, @Nullable Instant expiresAt,
		@Nullable Instant revokedAt) {
}
