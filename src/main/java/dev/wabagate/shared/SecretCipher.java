package dev.wabagate.shared;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Encrypts secrets at rest (provider credentials, webhook signing secrets) with
 * AES-256-GCM. The key comes from {@code WABAGATE_SECRET_KEY} (base64, 32 bytes); on the
 * embedded default it is generated into the data directory at first start.
 */
@Component
public class SecretCipher {

	private static final int NONCE_BYTES = 12;

	private final SecretKeySpec key;

	private final SecureRandom random = new SecureRandom();

	SecretCipher(@Value("${wabagate.secret-key:}") String configuredKey, DataDirectory dataDirectory) {
		String encoded = configuredKey.isBlank() ? dataDirectory.readOrCreate("secret.key", () -> {
			byte[] fresh = new byte[32];
			new SecureRandom().nextBytes(fresh);
			return Base64.getEncoder().encodeToString(fresh);
		}).value() : configuredKey;
		byte[] raw = Base64.getDecoder().decode(encoded.trim());
		if (raw.length != 32) {
			throw new IllegalStateException("wabagate.secret-key must be 32 bytes, base64-encoded");
		}
		this.key = new SecretKeySpec(raw, "AES");
	}

	public String encrypt(String plaintext) {
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			this.random.nextBytes(nonce);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, this.key, new GCMParameterSpec(128, nonce));
			byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder()
				.encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot encrypt a secret", ex);
		}
	}

	public @Nullable String decrypt(@Nullable String encrypted) {
		if (encrypted == null) {
			return null;
		}
		try {
			byte[] all = Base64.getDecoder().decode(encrypted);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(128, all, 0, NONCE_BYTES));
			return new String(cipher.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES), StandardCharsets.UTF_8);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot decrypt a stored secret: wrong wabagate.secret-key?", ex);
		}
	}

	/**
	 * A MAC over {@code message} that only holders of the secret key can make, e.g. for
	 * signed URLs. Each purpose gets its own key derived from the secret key, so a MAC
	 * made for one purpose is worthless for another.
	 * @return lower-case hex HMAC-SHA256
	 */
	public String sign(String purpose, String message) {
		try {
			byte[] purposeKey = hmac(this.key.getEncoded(), purpose.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(hmac(purposeKey, message.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HMAC-SHA256 is not available", ex);
		}
	}

	private static byte[] hmac(byte[] key, byte[] message) throws GeneralSecurityException {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key, "HmacSHA256"));
		return mac.doFinal(message);
	}

}
