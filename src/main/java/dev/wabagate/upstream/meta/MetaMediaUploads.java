package dev.wabagate.upstream.meta;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.upstream.MediaObjects;
import dev.wabagate.upstream.MediaObjects.MediaFile;
import dev.wabagate.upstream.MessageType;

import org.springframework.stereotype.Component;

/**
 * Files on Meta: an upload goes to {@code POST /{phone_number_id}/media} (multipart,
 * {@code file} and {@code messaging_product}), and a message naming a Wabagate media id
 * is sent with Meta's id for it. Meta forgets an upload after 30 days, so an older copy
 * is uploaded again first.
 */
@Component
class MetaMediaUploads {

	/**
	 * Meta keeps an upload 30 days; a day's margin keeps a send from racing the expiry.
	 */
	static final Duration META_KEEPS_UPLOADS = Duration.ofDays(29);

	private final GraphClient graph;

	private final MediaObjects media;

	private final JsonMapper json;

	private final Clock clock;

	MetaMediaUploads(GraphClient graph, MediaObjects media, JsonMapper json, Clock clock) {
		this.graph = graph;
		this.media = media;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * @return Meta's media id
	 */
	String upload(Channel channel, String mimeType, @Nullable String filename, byte[] content) {
		String boundary = "wabagate-" + UUID.randomUUID();
		ByteArrayOutputStream body = new ByteArrayOutputStream(content.length + 512);
		write(body,
				"--" + boundary + "\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\n"
						+ "whatsapp\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
						+ ((filename != null) ? filename.replace("\"", "") : "upload") + "\"\r\nContent-Type: "
						+ mimeType + "\r\n\r\n");
		body.writeBytes(content);
		write(body, "\r\n--" + boundary + "--\r\n");
		JsonNode uploaded = this.graph.call(channel, "uploading media",
				HttpRequest.newBuilder(this.graph.uri(channel.phoneNumberId() + "/media"))
					.header("Content-Type", "multipart/form-data; boundary=" + boundary)
					.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
		return uploaded.path("id").asString();
	}

	/**
	 * The send payload with Meta's id in place of a Wabagate media id (uploading the file
	 * again when Meta's copy is missing or expired); other payloads unchanged.
	 * @throws dev.wabagate.shared.ApiException when the upload fails
	 */
	String withMetasMediaId(Channel channel, MessageType type, String cloudJson) {
		if (!isMedia(type) || !cloudJson.contains("\"" + MediaObjects.ID_PREFIX)) {
			return cloudJson;
		}
		JsonNode payload = this.json.readTree(cloudJson);
		if (!(payload.path(type.wireName()) instanceof ObjectNode file)
				|| !file.path("id").asString("").startsWith(MediaObjects.ID_PREFIX)) {
			return cloudJson;
		}
		MediaFile stored = this.media.file(channel, file.path("id").asString()).orElse(null);
		if (stored == null) {
			return cloudJson;
		}
		file.put("id", metasId(channel, stored));
		return this.json.writeValueAsString(payload);
	}

	private String metasId(Channel channel, MediaFile stored) {
		Instant now = this.clock.instant();
		if (stored.providerMediaId() != null && stored.providerUploadedAt() != null
				&& stored.providerUploadedAt().plus(META_KEEPS_UPLOADS).isAfter(now)) {
			return stored.providerMediaId();
		}
		String uploaded = upload(channel, stored.mimeType(), stored.filename(), stored.content());
		this.media.providerHolds(channel, stored.id(), uploaded, now);
		return uploaded;
	}

	private static boolean isMedia(MessageType type) {
		return switch (type) {
			case IMAGE, AUDIO, VIDEO, DOCUMENT, STICKER -> true;
			default -> false;
		};
	}

	private static void write(ByteArrayOutputStream out, String text) {
		out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
	}

}
