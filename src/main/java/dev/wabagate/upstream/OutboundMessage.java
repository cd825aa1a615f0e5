package dev.wabagate.upstream;

import dev.wabagate.accounts.Channel;

/**
 * A message as it goes upstream.
 *
 * @param messageId Wabagate's message id
 * @param channel the sending channel
 * @param recipientWaId the recipient's WhatsApp id (E.164 digits)
 * @param type the message type ({@code text}, {@code template}, ...)
 * @param cloudPayload the Cloud API send body (JSON), with {@code messaging_product} and
 * a normalised {@code to}
 */
public record OutboundMessage(String messageId, Channel channel, String recipientWaId, String type,
		String cloudPayload) {
}
