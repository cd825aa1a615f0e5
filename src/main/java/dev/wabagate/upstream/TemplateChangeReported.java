package dev.wabagate.upstream;

import org.jspecify.annotations.Nullable;

import org.springframework.modulith.NamedInterface;

/**
 * The provider reports a change to a template other than its review: Meta's
 * {@code message_template_quality_update} (a new quality score) or
 * {@code template_category_update} (Meta moved it to another category). Applied as a
 * state; Meta may deliver it twice.
 *
 * @param templateId the provider's template id
 * @param quality the new quality score ({@code GREEN}, {@code YELLOW}, {@code RED},
 * {@code UNKNOWN}), or null when the category changed
 * @param category the new category, or null when the quality changed
 */
@NamedInterface("events")
public record TemplateChangeReported(String wabaId, String templateId, @Nullable String quality,
		@Nullable String category) {
}
