package dev.wabagate.media;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.Ids;
import dev.wabagate.upstream.MediaObjects;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Media objects for the providers: customers' files, kept whatever their type (a customer
 * may send any document) once per provider media id, and the provider's copies of
 * uploads. It reads the media table itself, so providers (which uploads use) do not
 * depend on the upload path.
 */
@Component
class MediaObjectsStore implements MediaObjects {

	private final JdbcClient jdbc;

	private final Clock clock;

	MediaObjectsStore(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	@Transactional
	public String store(Channel channel, String providerMediaId, String mimeType, @Nullable String filename,
			byte[] content) {
		return storeFromProvider(channel, providerMediaId, mimeType, filename, content);
	}

	/**
	 * Stores a file the provider holds under its own id, once: a second store of that id
	 * (a redelivered webhook) keeps the first.
	 */
	private String storeFromProvider(Channel channel, String providerMediaId, String mimeType,
			@Nullable String filename, byte[] content) {
		this.jdbc.sql("""
				insert into media (id, channel_id, mime_type, file_size, sha256, filename, content, created_at,
				    provider_media_id)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
			.params(Ids.next("media"), channel.id(), mimeType, content.length, MediaStore.sha256(content), filename,
					content, Timestamp.from(this.clock.instant()), providerMediaId)
			.update();
		return findByProviderId(channel, providerMediaId).orElseThrow();
	}

	@Override
	public Optional<String> findByProviderId(Channel channel, String providerMediaId) {
		return this.jdbc.sql("select id from media where channel_id = ? and provider_media_id = ?")
			.params(channel.id(), providerMediaId)
			.query(String.class)
			.optional();
	}

	@Override
	public boolean exists(Channel channel, String id) {
		return this.jdbc.sql("select count(*) from media where id = ? and channel_id = ?")
			.params(id, channel.id())
			.query(Integer.class)
			.single() > 0;
	}

	@Override
	public Optional<MediaFile> file(Channel channel, String id) {
		return this.jdbc.sql("""
				select id, mime_type, filename, content, provider_media_id, provider_uploaded_at
				from media where id = ? and channel_id = ?""")
			.params(id, channel.id())
			.query((rs, i) -> new MediaFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
					rs.getString(5), (rs.getTimestamp(6) != null) ? rs.getTimestamp(6).toInstant() : null))
			.optional();
	}

	@Override
	public void providerHolds(Channel channel, String id, String providerMediaId, Instant uploadedAt) {
		this.jdbc
			.sql("update media set provider_media_id = ?, provider_uploaded_at = ? where id = ? and channel_id = ?")
			.params(providerMediaId, Timestamp.from(uploadedAt), id, channel.id())
			.update();
	}

}
