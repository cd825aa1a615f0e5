package dev.wabagate.messaging.dispatch;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.wabagate.accounts.Channel;

import org.springframework.stereotype.Component;

/**
 * Paces sends per channel at the channel's messages-per-second limit: each send reserves
 * the next free slot and waits for it. After a throughput error (130429) the channel
 * pauses and then resumes at its limit.
 */
@Component
class ChannelPacer {

	private final Map<String, Slots> slots = new ConcurrentHashMap<>();

	/** Waits for this channel's next send slot. */
	void awaitSlot(Channel channel) throws InterruptedException {
		long intervalNanos = 1_000_000_000L / Math.max(1, channel.throughputMps());
		Slots channelSlots = this.slots.computeIfAbsent(channel.id(), (id) -> new Slots());
		long slot;
		synchronized (channelSlots) {
			long now = System.nanoTime();
			slot = Math.max(now, channelSlots.next);
			channelSlots.next = slot + intervalNanos;
		}
		long waitNanos = slot - System.nanoTime();
		if (waitNanos > 0) {
			Thread.sleep(Duration.ofNanos(waitNanos));
		}
	}

	/**
	 * Holds the channel's sends back for {@code pause}, after the provider said it is
	 * over its limit.
	 */
	void pause(Channel channel, Duration pause) {
		Slots channelSlots = this.slots.computeIfAbsent(channel.id(), (id) -> new Slots());
		synchronized (channelSlots) {
			channelSlots.next = Math.max(channelSlots.next, System.nanoTime() + pause.toNanos());
		}
	}

	private static final class Slots {

		private long next = System.nanoTime();

	}

}
