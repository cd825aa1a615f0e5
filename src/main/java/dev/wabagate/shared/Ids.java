package dev.wabagate.shared;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Opaque, prefixed, time-ordered ids ({@code msg_01J...}): a millisecond timestamp
 * followed by random bits, in Crockford base32, so ids sort by creation time and index
 * well.
 */
public final class Ids {

	private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

	private static final SecureRandom RANDOM = new SecureRandom();

	private Ids() {
	}

	public static String next(String prefix) {
		long time = System.currentTimeMillis();
		byte[] random = new byte[10];
		RANDOM.nextBytes(random);
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

	/** A random secret of {@code bytes} bytes, URL-safe base64 without padding. */
	public static String secret(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
	}

}
