package dev.wabagate.messaging.validation;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * A send request that passed validation.
 *
 * @param recipientInput {@code to} exactly as the client wrote it
 * @param recipientWaId digits-only E.164 number without '+', e.g. {@code 919999999999};
 * for {@code recipient_type} group, the group id as given
 * @param type the message type, e.g. {@code text}
 * @param cloudPayload the request in Cloud API send shape, to store and relay upstream
 * @param contextMessageId the quoted message of a contextual reply, if any
 */
public record ValidatedMessage(String recipientInput, String recipientWaId, String type, ObjectNode cloudPayload,
		@Nullable String contextMessageId) {

}
