package dev.wabagate.messaging;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Each channel's outbound queue as the operator console shows it. Implemented by the
 * dispatcher's queue metrics, refreshed every few seconds.
 */
public interface ChannelQueues {

	/** The outbound messages' queue in the queue engine ({@code queue_items.queue}). */
	String LANE_QUEUE = "outbound";

	/**
	 * One channel's queue.
	 *
	 * @param depth messages accepted and not yet handed to the provider
	 * @param lagSeconds how long the oldest due, unclaimed lane head has waited
	 * @param pacedMps the rate this node last paced the channel at (null: it has not sent
	 * on this node yet)
	 */
	record ChannelQueue(String channelId, long depth, double lagSeconds, @Nullable Double pacedMps) {
	}

	/** The channels with queued messages or a known pace, as of the last refresh. */
	List<ChannelQueue> current();

}
