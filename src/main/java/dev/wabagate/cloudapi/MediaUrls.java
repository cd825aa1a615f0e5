package dev.wabagate.cloudapi;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import dev.wabagate.shared.SecretCipher;

import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Download URLs of media, like Meta's: absolute, usable without the API key (Cloud SDKs
 * send none to a host that is not Graph's), and valid for
 * {@code wabagate.cloud-api.media-url-ttl}. The signature covers the media id and the
 * expiry, keyed with a key derived from {@code wabagate.secret-key}.
 */
@Component
class MediaUrls {

	static final String PATH = "/cloud-api/media-downloads/";

	private static final String PURPOSE = "cloud-api-media-url";

	private final SecretCipher cipher;

	private final CloudApiProperties properties;

	private final Clock clock;

	MediaUrls(SecretCipher cipher, CloudApiProperties properties, Clock clock) {
		this.cipher = cipher;
		this.properties = properties;
		this.clock = clock;
	}

	/** An absolute URL on the host and port this request came to. */
	String urlFor(String mediaId) {
		long expires = this.clock.instant().plus(this.properties.mediaUrlTtl()).getEpochSecond();
		return ServletUriComponentsBuilder.fromCurrentContextPath()
			.path(PATH + "{id}")
			.queryParam("expires", expires)
			.queryParam("signature", signature(mediaId, expires))
			.buildAndExpand(mediaId)
			.toUriString();
	}

	boolean valid(String mediaId, long expires, String signature) {
		if (expires < this.clock.instant().getEpochSecond()) {
			return false;
		}
		return MessageDigest.isEqual(signature(mediaId, expires).getBytes(StandardCharsets.US_ASCII),
				signature.getBytes(StandardCharsets.US_ASCII));
	}

	private String signature(String mediaId, long expires) {
		return this.cipher.sign(PURPOSE, mediaId + "\n" + expires);
	}

}
