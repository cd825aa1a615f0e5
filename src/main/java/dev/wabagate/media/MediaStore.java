package dev.wabagate.media;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ErrorCodes;
import dev.wabagate.shared.Ids;
import dev.wabagate.upstream.Providers;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Media bytes by channel, with WhatsApp's types and size limits; another channel's id is
 * simply not found.
 */
@Service
public class MediaStore {

	private final JdbcClient jdbc;

	private final Clock clock;

	private final MediaProperties properties;

	private final Providers providers;

	MediaStore(JdbcClient jdbc, Clock clock, MediaProperties properties, Providers providers) {
		this.providers = providers;
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
	}

	/** A stored medium with its bytes. */
	public record StoredMedia(String id, String mimeType, @Nullable String filename, byte[] content) {

		/** The answer to a download: the bytes with their type, length and file name. */
		public ResponseEntity<byte[]> asDownload() {
			ResponseEntity.BodyBuilder response = ResponseEntity.ok()
				.contentType(MediaType.parseMediaType(this.mimeType))
				.contentLength(this.content.length);
			if (this.filename != null) {
				response.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment().filename(this.filename).build().toString());
			}
			return response.body(this.content);
		}

	}

	/** What the Cloud API's media lookup tells about a medium. */
	public record MediaInfo(String id, String mimeType, String sha256, long fileSize) {
	}

	/**
	 * Stores an upload after checking its type, its bytes against that type, and its
	 * size; the provider gets its copy first (Meta: {@code POST
	 * /{phone_number_id}/media}).
	 * @param contentType the media's MIME type, parameters allowed (e.g.
	 * {@code image/jpeg})
	 * @param typeField where the request gave the type, for error messages
	 * @return the new media id
	 */
	public String upload(Channel channel, String contentType, String typeField, @Nullable String filename,
			InputStream in) throws IOException {
		MediaType parsed;
		try {
			parsed = MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			throw ApiException.invalid(typeField, "mime_type", null, "'" + contentType + "' is not a MIME type");
		}
		String mimeType = parsed.getType() + "/" + parsed.getSubtype();
		MediaKind kind = MediaKind.of(mimeType)
			.orElseThrow(() -> ApiException.invalid(typeField, "one_of", MediaKind.allMimeTypes(), "Media of type '"
					+ mimeType + "' is not supported; send the bytes with one of " + MediaKind.allMimeTypes()));
		long limit = kind.maxBytes(this.properties);
		byte[] content = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
		if (content.length == 0) {
			throw ApiException.missingBody("the media bytes");
		}
		if (content.length > limit) {
			String details = kind.name().toLowerCase(Locale.ROOT) + " media may be at most " + limit + " bytes";
			throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "validation", details,
					List.of(new ApiError(ErrorCodes.PARAMETER_VALUE_INVALID, "Media file too large", details, "file",
							"max_size", limit)));
		}
		MediaSniffer.check(mimeType, content, typeField);
		// The provider's copy first: when it refuses, nothing is stored.
		String providerMediaId = this.providers.of(channel)
			.uploadMedia(channel, mimeType, filename, content)
			.orElse(null);
		return store(channel, mimeType, filename, content, providerMediaId);
	}

	private String store(Channel channel, String mimeType, @Nullable String filename, byte[] content,
			@Nullable String providerMediaId) {
		String id = Ids.next("media");
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.sql("""
				insert into media (id, channel_id, mime_type, file_size, sha256, filename, content, created_at,
				    provider_media_id, provider_uploaded_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(id, channel.id(), mimeType, content.length, sha256(content), filename, content, now,
					providerMediaId, (providerMediaId != null) ? now : null)
			.update();
		return id;
	}

	public Optional<StoredMedia> find(Channel channel, String id) {
		return this.jdbc.sql("select id, mime_type, filename, content from media where id = ? and channel_id = ?")
			.params(id, channel.id())
			.query((rs, i) -> new StoredMedia(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4)))
			.optional();
	}

	/**
	 * A medium by id alone, for downloads whose signed URL already proves the right to
	 * it.
	 */
	public Optional<StoredMedia> findById(String id) {
		return this.jdbc.sql("select id, mime_type, filename, content from media where id = ?")
			.param(id)
			.query((rs, i) -> new StoredMedia(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4)))
			.optional();
	}

	public Optional<MediaInfo> describe(Channel channel, String id) {
		return this.jdbc.sql("select id, mime_type, sha256, file_size from media where id = ? and channel_id = ?")
			.params(id, channel.id())
			.query((rs, i) -> new MediaInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
			.optional();
	}

	public boolean delete(Channel channel, String id) {
		return this.jdbc.sql("delete from media where id = ? and channel_id = ?").params(id, channel.id()).update() > 0;
	}

	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
