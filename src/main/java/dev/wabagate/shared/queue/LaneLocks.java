package dev.wabagate.shared.queue;

import java.nio.charset.StandardCharsets;
import java.util.Collection;

/**
 * Serializes the transactions that change which item heads a lane: queuing to it and
 * finishing its head. Each lock is held until the transaction that took it ends, so the
 * next transaction's statements see what the last one committed: a lane never gets two
 * heads and never loses its only one. Claims, retries and releases change only a head's
 * own row and need no lane lock.
 */
interface LaneLocks {

	/** Locks these lanes of the queue (in any order, repeats allowed). */
	void lockLanes(String queue, Collection<Lane> lanes);

	/**
	 * Locks every lane of the channel in the queue, including those not yet queued to.
	 */
	void lockChannel(String queue, String channelId);

	/** A lane of a queue: a channel's recipient or chat. */
	record Lane(String channelId, String key) {

		long lockKey(String queue) {
			return hash(queue + '\0' + this.channelId + '\0' + this.key);
		}

	}

	static long channelKey(String queue, String channelId) {
		return hash(queue + '\0' + channelId);
	}

	/**
	 * 64-bit FNV-1a of the text's UTF-8 bytes: the same on every node (a lock key names
	 * the same lane in every process that shares the database).
	 */
	static long hash(String text) {
		long hash = 0xcbf29ce484222325L;
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			hash ^= (b & 0xff);
			hash *= 0x100000001b3L;
		}
		return hash;
	}

}
