package dev.wabagate.messaging.dispatch;

import java.time.Instant;

import dev.wabagate.shared.queue.Lease;
import dev.wabagate.upstream.MessagePayload;

/** A claimed lane head: the oldest unsent message of one (channel, recipient). */
record QueuedMessage(Lease lease, MessagePayload payload) {

	String messageId() {
		return this.lease.ref();
	}

	String channelId() {
		return this.lease.channelId();
	}

	String recipient() {
		return this.lease.laneKey();
	}

	/** This attempt's number: 1 for the first. */
	int attempts() {
		return this.lease.attempts();
	}

	Instant acceptedAt() {
		return this.lease.queuedAt();
	}

}
