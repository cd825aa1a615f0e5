package dev.wabagate.upstream.meta;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiException;
import dev.wabagate.upstream.MediaObjects;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Fetches the files customers send (image, audio, video, document, sticker) before their
 * message is taken in: {@code GET /{media-id}} gives a URL valid for 5 minutes, which is
 * fetched with the token, within a size limit and a timeout, and retried. The file
 * becomes a Wabagate media object; the message then carries its id as {@code id} and
 * Meta's as {@code provider_media_id}.
 */
@Component
class CustomerMediaDownloads {

	static final List<String> MEDIA_TYPES = List.of("image", "audio", "video", "document", "sticker");

	private static final Logger log = LoggerFactory.getLogger(CustomerMediaDownloads.class);

	private final GraphClient graph;

	private final MediaObjects media;

	private final MetaProperties properties;

	CustomerMediaDownloads(GraphClient graph, MediaObjects media, MetaProperties properties) {
		this.graph = graph;
		this.media = media;
		this.properties = properties;
	}

	/**
	 * Downloads the message's file unless it was stored before (Meta redelivers), and
	 * points the message at the stored copy.
	 * @throws ApiException 503 when Meta stayed unreachable through every attempt: the
	 * webhook is then answered 503 and Meta redelivers it later
	 */
	void attach(Channel channel, ObjectNode message) {
		String type = message.path("type").asString("");
		if (!MEDIA_TYPES.contains(type) || !(message.get(type) instanceof ObjectNode file)
				|| !file.path("id").isString()) {
			return;
		}
		String providerId = file.path("id").asString();
		Optional<String> stored = this.media.findByProviderId(channel, providerId);
		String mediaId = stored.orElseGet(() -> download(channel, providerId, file));
		if (mediaId != null) {
			file.put("id", mediaId);
		}
		file.put("provider_media_id", providerId);
	}

	/**
	 * @return the Wabagate media id, or null when the file is too large to keep
	 */
	private String download(Channel channel, String providerId, ObjectNode file) {
		for (int attempt = 1;; attempt++) {
			try {
				return downloadOnce(channel, providerId, file);
			}
			catch (ApiException ex) {
				if (ex.status() != HttpStatus.SERVICE_UNAVAILABLE || attempt >= this.properties.downloadAttempts()) {
					throw ex;
				}
				log.info("Downloading customer media {} of channel {} failed (attempt {}): {}", providerId,
						channel.id(), attempt, ex.getMessage());
				sleep(this.properties.downloadBackoff().multipliedBy(attempt));
			}
		}
	}

	private String downloadOnce(Channel channel, String providerId, ObjectNode file) {
		JsonNode found = this.graph.get(channel, "finding customer media " + providerId,
				providerId + "?phone_number_id=" + channel.phoneNumberId());
		long maxBytes = this.properties.maxDownloadSize().toBytes();
		if (found.path("file_size").asLong(0) > maxBytes) {
			log.warn("Customer media {} of channel {} has {} bytes, more than the {} kept; not downloaded", providerId,
					channel.id(), found.path("file_size").asLong(), maxBytes);
			return null;
		}
		byte[] content = this.graph.download(channel, URI.create(found.path("url").asString()), maxBytes,
				this.properties.downloadTimeout());
		String mimeType = found.path("mime_type").asString(file.path("mime_type").asString("application/octet-stream"));
		String filename = file.path("filename").isString() ? file.path("filename").asString() : null;
		return this.media.store(channel, providerId, mimeType, filename, content);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
