/**
 * The queue engine for work queues: items in per-lane order, one leased head per lane,
 * claims that cost the batch and not the queue, and a claim loop that runs the work on
 * virtual threads (ADR 0025). The outbound queue runs on it; webhook deliveries still
 * have their own queue and are to move onto it.
 */
@NullMarked
package dev.wabagate.shared.queue;

import org.jspecify.annotations.NullMarked;
