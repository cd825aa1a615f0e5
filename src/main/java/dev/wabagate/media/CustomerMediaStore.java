package dev.wabagate.media;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.wabagate.accounts.Channel;
import dev.wabagate.upstream.CustomerMedia;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Customers' files as media objects: kept whatever their type (a customer may send any
 * document), once per provider media id.
 */
@Component
class CustomerMediaStore implements CustomerMedia {

	private final MediaStore store;

	CustomerMediaStore(MediaStore store) {
		this.store = store;
	}

	@Override
	@Transactional
	public String store(Channel channel, String providerMediaId, String mimeType, @Nullable String filename,
			byte[] content) {
		return this.store.storeFromProvider(channel, providerMediaId, mimeType, filename, content);
	}

	@Override
	public Optional<String> findByProviderId(Channel channel, String providerMediaId) {
		return this.store.findByProviderId(channel, providerMediaId);
	}

	@Override
	public boolean exists(Channel channel, String mediaId) {
		return this.store.exists(channel, mediaId);
	}

}
