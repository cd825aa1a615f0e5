package dev.wabagate.messaging.dispatch;

import java.time.Instant;

import dev.wabagate.upstream.MessagePayload;

/** A claimed lane head: the oldest unsent message of one (channel, recipient). */
record QueuedMessage(long seq, String messageId, String channelId, String recipient, int attempts, Instant acceptedAt,
		MessagePayload payload) {
}
