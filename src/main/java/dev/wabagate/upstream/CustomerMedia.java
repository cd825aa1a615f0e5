package dev.wabagate.upstream;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.wabagate.accounts.Channel;

/**
 * Where providers keep the files customers send, as Wabagate media objects that
 * {@code GET /v1/media/{id}} serves. Implemented by the media module.
 */
public interface CustomerMedia {

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

}
