package dev.wabagate.messaging.dispatch;

import java.time.Instant;

/** A claimed lane head: the oldest unsent message of one (channel, recipient). */
record QueuedMessage(long seq, String messageId, String channelId, String recipient, int attempts, Instant acceptedAt,
		String type, String content) {
}
