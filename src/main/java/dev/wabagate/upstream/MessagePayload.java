package dev.wabagate.upstream;

/**
 * A message as it travels from accept to provider: stored with the message, queued, and
 * handed upstream unchanged.
 *
 * @param type the message type
 * @param cloudJson the Cloud API send body (JSON), with {@code messaging_product} and a
 * normalised {@code to}
 */
public record MessagePayload(MessageType type, String cloudJson) {
}
