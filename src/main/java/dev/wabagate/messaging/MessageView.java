package dev.wabagate.messaging;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.jspecify.annotations.Nullable;

/** A message as {@code GET /v1/messages/{id}} shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageView(String id, String to, String waId, String type, String status,
		@Nullable String upstreamMessageId, @Nullable Error error, Instant createdAt, Instant updatedAt,
		List<StatusChange> statuses, List<Attempt> attempts, @JsonRawValue String content) {

	public record Error(int code, @Nullable String title, @Nullable String details) {
	}

	public record StatusChange(String status, Instant timestamp, @Nullable Integer errorCode,
			@Nullable String errorTitle) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Attempt(Instant attemptedAt, String outcome, @Nullable Integer errorCode, @Nullable String errorTitle,
			int durationMs, String node) {
	}

}
