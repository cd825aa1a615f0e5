package dev.wabagate.shared;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Opaque, prefixed, time-ordered ids ({@code msg_01J...}): a millisecond timestamp
 * followed by random bits, in Crockford base32, so ids sort by creation time and index
 * well.
 */
public final class Ids {

	private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

	private static final SecureRandom RANDOM = new SecureRandom();

	/** Random bytes each id takes. */
	private static final int ID_BYTES = 10;

	/**
	 * Where ids take their random bits: a few DRBGs, chosen by thread, each handing out a
	 * buffer of its output. NativePRNG ({@code new SecureRandom()}) mixed and read
	 * /dev/urandom under one lock for every id; a DRBG costs per call, so filling 16 ids
	 * at once costs about 45 ns an id (ADR 0027).
	 */
	private static final IdRandom[] ID_RANDOMS = idRandoms(Runtime.getRuntime().availableProcessors());

	private Ids() {
	}

	public static String next(String prefix) {
		long time = System.currentTimeMillis();
		byte[] random = new byte[ID_BYTES];
		ID_RANDOMS[(int) Thread.currentThread().threadId() & (ID_RANDOMS.length - 1)].next(random);
		StringBuilder id = new StringBuilder(prefix.length() + 27).append(prefix).append('_');
		for (int shift = 45; shift >= 0; shift -= 5) {
			id.append(ALPHABET[(int) ((time >>> shift) & 31)]);
		}
		long high = 0;
		for (int i = 0; i < 5; i++) {
			high = (high << 8) | (random[i] & 0xff);
		}
		long low = 0;
		for (int i = 5; i < 10; i++) {
			low = (low << 8) | (random[i] & 0xff);
		}
		for (int shift = 35; shift >= 0; shift -= 5) {
			id.append(ALPHABET[(int) ((high >>> shift) & 31)]);
		}
		for (int shift = 35; shift >= 0; shift -= 5) {
			id.append(ALPHABET[(int) ((low >>> shift) & 31)]);
		}
		return id.toString();
	}

	/** A power of two, at least twice the processors, so threads seldom share one. */
	private static IdRandom[] idRandoms(int processors) {
		IdRandom[] randoms = new IdRandom[Integer.highestOneBit(Math.max(1, processors)) * 4];
		for (int i = 0; i < randoms.length; i++) {
			randoms[i] = new IdRandom();
		}
		return randoms;
	}

	/** A buffer of one DRBG's output, handed out {@link #ID_BYTES} at a time. */
	private static final class IdRandom {

		private final ReentrantLock lock = new ReentrantLock();

		private final SecureRandom random;

		private final byte[] buffer = new byte[16 * ID_BYTES];

		private int next = this.buffer.length;

		IdRandom() {
			try {
				this.random = SecureRandom.getInstance("DRBG");
			}
			catch (NoSuchAlgorithmException ex) {
				throw new IllegalStateException("The JDK has no DRBG SecureRandom", ex);
			}
		}

		void next(byte[] into) {
			this.lock.lock();
			try {
				if (this.next == this.buffer.length) {
					this.random.nextBytes(this.buffer);
					this.next = 0;
				}
				System.arraycopy(this.buffer, this.next, into, 0, ID_BYTES);
				// Handed out once only.
				this.next += ID_BYTES;
			}
			finally {
				this.lock.unlock();
			}
		}

	}

	/** A random secret of {@code bytes} bytes, URL-safe base64 without padding. */
	public static String secret(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

}
