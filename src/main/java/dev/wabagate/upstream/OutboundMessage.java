package dev.wabagate.upstream;

import dev.wabagate.accounts.Channel;

/**
 * A message as it goes upstream.
 *
 * @param messageId Wabagate's message id
 * @param channel the sending channel
 * @param recipientWaId the recipient's WhatsApp id (E.164 digits)
 * @param payload what to send
 */
public record OutboundMessage(String messageId, Channel channel, String recipientWaId, MessagePayload payload) {
}
