package dev.wabagate.messaging.validation;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.upstream.MessageType;

/**
 * A send request that passed validation.
 *
 * @param recipientInput {@code to} exactly as the client wrote it
 * @param recipientWaId digits-only E.164 number without '+', e.g. {@code 919999999999};
 * for {@code recipient_type} group, the group id as given
 * @param type the message type
 * @param cloudPayload the request in Cloud API send shape, to store and relay upstream
 * @param contextMessageId the quoted message of a contextual reply, if any
 * @param template the template a {@code template} message names; null for other types
 */
public record ValidatedMessage(String recipientInput, String recipientWaId, MessageType type, ObjectNode cloudPayload,
		@Nullable String contextMessageId, @Nullable TemplateRef template) {

}
