package dev.wabagate.messaging.validation;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

public record ValidatedMessage(String recipientInput, String recipientWaId, String type, ObjectNode cloudPayload,
		@Nullable String contextMessageId) {
}
