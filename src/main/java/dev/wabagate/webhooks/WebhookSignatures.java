package dev.wabagate.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signing secrets and the two signatures every request carries: Standard
 * Webhooks' {@code webhook-signature} ({@code v1,} + base64 HMAC-SHA256 over
 * {@code id.timestamp.body}) keyed with the secret's decoded bytes, and Meta's
 * {@code X-Hub-Signature-256} ({@code sha256=} + lower-case hex HMAC-SHA256 over the
 * body) keyed with the business's app secret string as Cloud API SDKs use it, or with the
 * signing secret's decoded bytes when no app secret is set.
 */
final class WebhookSignatures {

	static final String SECRET_PREFIX = "whsec_";

	private static final int SECRET_BYTES = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	private WebhookSignatures() {
	}

	static String newSecret() {
		byte[] key = new byte[SECRET_BYTES];
		RANDOM.nextBytes(key);
		return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
	}

	static String standard(String secret, String webhookId, long timestamp, byte[] body) {
		byte[] prefix = (webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
		return "v1," + Base64.getEncoder().encodeToString(hmac(secretKey(secret), prefix, body));
	}

	static String hub(String secret, byte[] body) {
		return "sha256=" + HexFormat.of().formatHex(hmac(secretKey(secret), new byte[0], body));
	}

	/** Keyed with the app secret's characters as they are, as Meta and the SDKs do. */
	static String hubWithAppSecret(String appSecret, byte[] body) {
		return "sha256="
				+ HexFormat.of().formatHex(hmac(appSecret.getBytes(StandardCharsets.UTF_8), new byte[0], body));
	}

	private static byte[] secretKey(String secret) {
		return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
	}

	private static byte[] hmac(byte[] key, byte[] prefix, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			mac.update(prefix);
			return mac.doFinal(body);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

}
