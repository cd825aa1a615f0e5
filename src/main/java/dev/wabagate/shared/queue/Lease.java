package dev.wabagate.shared.queue;

import java.time.Instant;

/**
 * A claimed lane head: the oldest item of its lane, leased to this node until its outcome
 * is recorded.
 *
 * @param seq the item's place in the queue (orders its lane)
 * @param channelId the channel the lane belongs to
 * @param laneKey the lane within the channel (a recipient, a chat)
 * @param ref what the item stands for (a message id, an event id)
 * @param attempts this attempt's number: 1 for the first
 * @param queuedAt when the item was queued
 */
public record Lease(long seq, String channelId, String laneKey, String ref, int attempts, Instant queuedAt) {
}
