package dev.wabagate.upstream;

import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.wabagate.accounts.Channel;

/**
 * Wabagate's media objects as providers see them: the files customers send (stored for
 * {@code GET /v1/media/{id}}), and the provider's own id for an uploaded file.
 * Implemented by the media module.
 */
public interface MediaObjects {

	/** How every Wabagate media id starts, which tells it from a provider's id. */
	String ID_PREFIX = "media_";

	/**
	 * Stores a customer's file once per provider media id (in its own transaction).
	 * @return Wabagate's media id; the existing one when this provider id was stored
	 * before
	 */
	String store(Channel channel, String providerMediaId, String mimeType, @Nullable String filename, byte[] content);

	/** The Wabagate media id of a provider media id already stored. */
	Optional<String> findByProviderId(Channel channel, String providerMediaId);

	/** Whether the channel has this Wabagate media object. */
	boolean exists(Channel channel, String mediaId);

	/** A media object with its bytes, and the provider's copy of it if there is one. */
	Optional<MediaFile> file(Channel channel, String mediaId);

	/** The provider holds the media object under its own id from now on. */
	void providerHolds(Channel channel, String mediaId, String providerMediaId, Instant uploadedAt);

	/**
	 * @param providerMediaId the provider's id for it, when uploaded there
	 * @param providerUploadedAt when it was uploaded (Meta forgets it after 30 days)
	 */
	record MediaFile(String id, String mimeType, @Nullable String filename, byte[] content,
			@Nullable String providerMediaId, @Nullable Instant providerUploadedAt) {
	}

}
