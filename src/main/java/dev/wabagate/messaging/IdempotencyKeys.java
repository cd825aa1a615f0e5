package dev.wabagate.messaging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ErrorCodes;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code Idempotency-Key} per channel, as Stripe and the IETF draft define it: the same
 * key and body replay the first answer for 24 hours, the same key with another body is a
 * 422, and a request arriving while the first is still being processed is a 409. The
 * answer is stored in the transaction that stores the message, so a replay never
 * disagrees with what was stored.
 */
@Component
class IdempotencyKeys {

	static final Duration RETENTION = Duration.ofHours(24);

	/** A claim older than this with no answer belongs to a request that died mid-way. */
	private static final Duration ABANDONED_AFTER = Duration.ofSeconds(30);

	private final JdbcClient jdbc;

	private final Clock clock;

	IdempotencyKeys(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Claims {@code key} for a request with this body hash.
	 * @return the stored answer when the request is a replay; empty when the caller now
	 * owns the key
	 */
	@Transactional
	public Optional<StoredAnswer> claim(String channelId, String key, String requestHash) {
		Instant now = this.clock.instant();
		// Expired and abandoned claims give way to the new request.
		this.jdbc.sql("""
				delete from idempotency_keys where channel_id = ? and idempotency_key = ?
				and (created_at < ? or (response_status is null and created_at < ?))""")
			.params(channelId, key, Timestamp.from(now.minus(RETENTION)), Timestamp.from(now.minus(ABANDONED_AFTER)))
			.update();
		int claimed = this.jdbc.sql("""
				insert into idempotency_keys (channel_id, idempotency_key, request_hash, created_at)
				values (?, ?, ?, ?) on conflict do nothing""")
			.params(channelId, key, requestHash, Timestamp.from(now))
			.update();
		if (claimed == 1) {
			return Optional.empty();
		}
		Existing existing = this.jdbc.sql("""
				select request_hash, response_status, response_body from idempotency_keys
				where channel_id = ? and idempotency_key = ?""")
			.params(channelId, key)
			.query((rs, i) -> new Existing(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3)))
			.single();
		if (!existing.requestHash().equals(requestHash)) {
			throw conflict(HttpStatus.UNPROCESSABLE_CONTENT,
					"Idempotency-Key '" + key + "' was already used with a different request body");
		}
		if (existing.status() == null || existing.body() == null) {
			throw conflict(HttpStatus.CONFLICT,
					"A request with Idempotency-Key '" + key + "' is still being processed; retry shortly");
		}
		return Optional.of(new StoredAnswer(existing.status(), existing.body()));
	}

	/** Frees the key after a request failed, so the client can retry with it. */
	@Transactional
	public void release(String channelId, String key) {
		this.jdbc.sql(
				"delete from idempotency_keys where channel_id = ? and idempotency_key = ? and response_status is null")
			.params(channelId, key)
			.update();
	}

	@Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
	void purgeExpired() {
		this.jdbc.sql("delete from idempotency_keys where created_at < ?")
			.param(Timestamp.from(this.clock.instant().minus(RETENTION)))
			.update();
	}

	static String hash(String canonicalBody) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalBody.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ApiException conflict(HttpStatus status, String details) {
		return new ApiException(status, "idempotency-conflict", details, List.of(ApiError
			.of(ErrorCodes.IDEMPOTENCY_CONFLICT, ErrorCodes.titleOf(ErrorCodes.IDEMPOTENCY_CONFLICT), details)));
	}

	record StoredAnswer(int status, String body) {
	}

	private record Existing(String requestHash, @Nullable Integer status, @Nullable String body) {
	}

}
