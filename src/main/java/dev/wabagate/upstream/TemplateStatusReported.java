package dev.wabagate.upstream;

import org.jspecify.annotations.Nullable;

import org.springframework.modulith.NamedInterface;

/**
 * The provider reports a change to a message template's review state (Meta's
 * {@code message_template_status_update}). Published inside the provider's intake
 * transaction; Meta may deliver the same report more than once, so listeners apply it as
 * a state, not as a delta.
 *
 * @param wabaId the WhatsApp Business Account the template belongs to
 * @param templateId the provider's template id
 * @param event {@code APPROVED}, {@code REJECTED}, {@code PAUSED}, {@code DISABLED}, ...
 * @param reason why, when the provider says ({@code INVALID_FORMAT}, {@code NONE}, ...)
 */
@NamedInterface("events")
public record TemplateStatusReported(String wabaId, String templateId, @Nullable String name, @Nullable String language,
		String event, @Nullable String reason) {
}
