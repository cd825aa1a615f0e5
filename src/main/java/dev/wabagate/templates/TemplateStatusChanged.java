package dev.wabagate.templates;

import org.jspecify.annotations.Nullable;

import org.springframework.modulith.NamedInterface;

/**
 * A template's review status changed. Published synchronously inside the transaction that
 * changed it, so a listener that stores an outgoing webhook commits or rolls back with
 * it.
 *
 * @param status Meta's upper-case status: {@code PENDING}, {@code APPROVED},
 * {@code REJECTED}, {@code PAUSED}, {@code DISABLED}, {@code DELETED}, ...
 * @param reason the rejection reason ({@code INVALID_FORMAT}, ...), or null
 */
@NamedInterface("events")
public record TemplateStatusChanged(String channelId, String accountId, String templateId, String name, String language,
		String status, @Nullable String reason) {
}
