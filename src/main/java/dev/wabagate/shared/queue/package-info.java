/**
 * The queue engine for work queues: items in per-lane order, one leased head per lane,
 * claims that cost the batch and not the queue, and a claim loop that runs the work on
 * virtual threads (ADR 0025). The outbound message queue and the webhook delivery queue
 * run on it.
 */
@NullMarked
package dev.wabagate.shared.queue;

import org.jspecify.annotations.NullMarked;
