package dev.wabagate.templates;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A template as stored; {@code components} is JSON text.
 *
 * @param providerTemplateId the provider's id (Meta's {@code hsm_id})
 * @param qualityScore Meta's quality score, once it reported one
 */
public record StoredTemplate(String id, String channelId, String name, String language, String category,
		String components, String status, @Nullable String rejectedReason, int bodyParams, int headerParams,
		Instant createdAt, @Nullable String providerTemplateId, @Nullable String qualityScore) {

	static final String PENDING = "PENDING";

	static final String APPROVED = "APPROVED";

	static final String REJECTED = "REJECTED";

	static final String DELETED = "DELETED";

}
