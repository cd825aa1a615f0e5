package dev.wabagate.media;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.Ids;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Media bytes by channel; another channel's id is simply not found. */
@Service
class MediaStore {

	private final JdbcClient jdbc;

	private final Clock clock;

	MediaStore(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	record StoredMedia(String id, String mimeType, @Nullable String filename, byte[] content) {
	}

	String store(Channel channel, String mimeType, @Nullable String filename, byte[] content) {
		String id = Ids.next("media");
		this.jdbc.sql("""
				insert into media (id, channel_id, mime_type, file_size, sha256, filename, content, created_at)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(id, channel.id(), mimeType, content.length, sha256(content), filename, content,
					Timestamp.from(this.clock.instant()))
			.update();
		return id;
	}

	/**
	 * Stores a file the provider holds under its own id, once: a second store of that id
	 * (a redelivered webhook) keeps the first.
	 */
	String storeFromProvider(Channel channel, String providerMediaId, String mimeType, @Nullable String filename,
			byte[] content) {
		this.jdbc.sql("""
				insert into media (id, channel_id, mime_type, file_size, sha256, filename, content, created_at,
				    provider_media_id)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
			.params(Ids.next("media"), channel.id(), mimeType, content.length, sha256(content), filename, content,
					Timestamp.from(this.clock.instant()), providerMediaId)
			.update();
		return findByProviderId(channel, providerMediaId).orElseThrow();
	}

	Optional<String> findByProviderId(Channel channel, String providerMediaId) {
		return this.jdbc.sql("select id from media where channel_id = ? and provider_media_id = ?")
			.params(channel.id(), providerMediaId)
			.query(String.class)
			.optional();
	}

	boolean exists(Channel channel, String id) {
		return this.jdbc.sql("select count(*) from media where id = ? and channel_id = ?")
			.params(id, channel.id())
			.query(Integer.class)
			.single() > 0;
	}

	Optional<StoredMedia> find(Channel channel, String id) {
		return this.jdbc.sql("select id, mime_type, filename, content from media where id = ? and channel_id = ?")
			.params(id, channel.id())
			.query((rs, i) -> new StoredMedia(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4)))
			.optional();
	}

	boolean delete(Channel channel, String id) {
		return this.jdbc.sql("delete from media where id = ? and channel_id = ?").params(id, channel.id()).update() > 0;
	}

	private static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
