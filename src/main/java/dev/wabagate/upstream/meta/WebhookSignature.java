package dev.wabagate.upstream.meta;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * Meta's {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the raw
 * body bytes, keyed with the app secret. Checked over the bytes as received: re-encoding
 * the JSON would change them (Meta escapes non-ASCII characters).
 */
final class WebhookSignature {

	static final String HEADER = "X-Hub-Signature-256";

	private static final String PREFIX = "sha256=";

	private WebhookSignature() {
	}

	static String of(String appSecret, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA256 is unavailable", ex);
		}
	}

	/** Compares in constant time, so a forger learns nothing from how long it took. */
	static boolean matches(@Nullable String header, String appSecret, byte[] body) {
		if (header == null || appSecret.isEmpty()) {
			return false;
		}
		return equalsConstantTime(of(appSecret, body), header.strip().toLowerCase(Locale.ROOT));
	}

	static boolean equalsConstantTime(String expected, String presented) {
		return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
				presented.getBytes(StandardCharsets.UTF_8));
	}

}
