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

	/**
	 * Locks these lanes of the queue (in any order, repeats allowed, at least one).
	 * @param withoutSequentialScans whether to also turn off sequential scans for the
	 * rest of the transaction, as {@code set local enable_seqscan = off} does (ignored
	 * where the database does not plan so)
	 */
	void lockLanes(String queue, Collection<Lane> lanes, boolean withoutSequentialScans);

	/**
	 * Locks every lane of the channel in the queue, including those not yet queued to.
	 */
	void lockChannel(String queue, String channelId);

	/** A lane of a queue: a channel's recipient or chat. */
	record Lane(String channelId, String key) {

		long lockKey(String queue) {
			return hash(queue, this.channelId, this.key);
		}

	}

	static long channelKey(String queue, String channelId) {
		return hash(queue, channelId);
	}

	/**
	 * 64-bit FNV-1a of the UTF-8 bytes of the parts joined by NUL: the same on every node
	 * (a lock key names the same lane in every process that shares the database). Parts
	 * are hashed in place, without joining them into a new string.
	 */
	static long hash(String... parts) {
		long hash = FNV_OFFSET_BASIS;
		for (int i = 0; i < parts.length; i++) {
			if (i > 0) {
				// The NUL byte between parts: xor with 0 changes nothing.
				hash *= FNV_PRIME;
			}
			hash = hash(hash, parts[i]);
		}
		return hash;
	}

	private static long hash(long hash, String part) {
		for (int i = 0; i < part.length(); i++) {
			char c = part.charAt(i);
			if (c >= 0x80) {
				// Not ASCII: a char is no longer its UTF-8 byte.
				return hashBytes(hash, part.substring(i).getBytes(StandardCharsets.UTF_8));
			}
			hash = (hash ^ c) * FNV_PRIME;
		}
		return hash;
	}

	private static long hashBytes(long hash, byte[] bytes) {
		for (byte b : bytes) {
			hash = (hash ^ (b & 0xff)) * FNV_PRIME;
		}
		return hash;
	}

	long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;

	long FNV_PRIME = 0x100000001b3L;

}
