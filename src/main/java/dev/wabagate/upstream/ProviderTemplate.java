package dev.wabagate.upstream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A message template as the provider holds it (Meta's shape).
 *
 * @param providerId the provider's template id (Meta's {@code hsm_id})
 * @param status Meta's upper-case status: {@code PENDING}, {@code APPROVED},
 * {@code REJECTED}, {@code PAUSED}, {@code DISABLED}, ...
 * @param reason why it was rejected, when it was
 */
public record ProviderTemplate(String providerId, String name, String language, String category, String status,
		@Nullable String reason, JsonNode components) {
}
