package dev.wabagate.shared.queue;

import java.time.Instant;

/**
 * An item to queue: it joins the end of its lane.
 *
 * @param channelId the channel the lane belongs to
 * @param laneKey the lane within the channel (a recipient, a chat)
 * @param ref what the item stands for, unique within the queue (a message id, an event
 * id)
 * @param queuedAt when it was queued
 */
public record QueueEntry(String channelId, String laneKey, String ref, Instant queuedAt) {
}
