package dev.wabagate.webhooks;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.CacheGenerations;
import dev.wabagate.shared.SecretCipher;
import dev.wabagate.webhooks.WebhookEndpoint.PayloadFormat;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The webhook of each channel: its URL (checked against the address policy when set, and
 * again at every connection), custom headers, payload format and signing secrets, all
 * secrets encrypted at rest. The deliverer reads them from memory ({@link #current}):
 * every change bumps the {@value #CACHE} cache generation, so every node drops what it
 * cached within about a second of the commit (ADR 0015, ADR 0026).
 */
@Component
class WebhookEndpoints {

	static final int MAX_URL_LENGTH = 2048;

	static final int MAX_HEADERS = 10;

	static final int MAX_HEADER_VALUE_LENGTH = 1024;

	static final int MAX_APP_SECRET_LENGTH = 256;

	/** The cache generation of webhook endpoints (a row of {@code cache_generations}). */
	static final String CACHE = "webhooks";

	private static final List<String> RESERVED_HEADERS = List.of("host", "content-type", "content-length", "connection",
			"transfer-encoding", "user-agent", "webhook-id", "webhook-timestamp", "webhook-signature",
			"x-hub-signature-256", "expect", "upgrade", "te", "trailer");

	private final JdbcClient jdbc;

	private final SecretCipher cipher;

	private final JsonMapper json;

	private final WebhooksProperties properties;

	private final AddressPolicy addressPolicy;

	private final Clock clock;

	private final CacheGenerations generations;

	private final CacheGenerations.Cache<String, Optional<WebhookEndpoint>> cached;

	WebhookEndpoints(JdbcClient jdbc, SecretCipher cipher, JsonMapper json, WebhooksProperties properties, Clock clock,
			CacheGenerations generations) {
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.json = json;
		this.properties = properties;
		this.addressPolicy = new AddressPolicy(properties.allowedRanges());
		this.clock = clock;
		this.generations = generations;
		this.cached = generations.cache(CACHE, 10_000);
	}

	AddressPolicy addressPolicy() {
		return this.addressPolicy;
	}

	/** What setting a webhook produced; {@code newSecret} only when one was created. */
	record SetResult(WebhookEndpoint endpoint, @Nullable String newSecret) {
	}

	/**
	 * Sets (or replaces) a channel's webhook and enables it; the signing secret is
	 * created with the first webhook and kept when the URL changes.
	 * @param appSecret the Cloud API app secret: null keeps the current one, "" removes
	 * it
	 * @param maxEventsPerRequest the most events one request carries; null: the node's
	 * default
	 */
	@Transactional
	SetResult set(String channelId, String url, Map<String, String> headers, PayloadFormat format,
			@Nullable String appSecret, @Nullable Integer maxEventsPerRequest) {
		URI checked = checkUrl(url);
		checkHeaders(headers);
		checkAppSecret(appSecret);
		checkMaxEventsPerRequest(maxEventsPerRequest);
		Instant now = this.clock.instant();
		String encryptedHeaders = headers.isEmpty() ? null : this.cipher.encrypt(this.json.writeValueAsString(headers));
		int updated = this.jdbc.sql("""
				update webhook_endpoints set url = ?, format = ?, headers_encrypted = ?, enabled = true,
				    disabled_reason = null, failing_since = null, max_events_per_request = ?, updated_at = ?
				where channel_id = ?""")
			.params(checked.toString(), format.wireName(), encryptedHeaders, maxEventsPerRequest, Timestamp.from(now),
					channelId)
			.update();
		String newSecret = null;
		if (updated == 0) {
			newSecret = WebhookSignatures.newSecret();
			this.jdbc.sql("""
					insert into webhook_endpoints (channel_id, url, format, headers_encrypted, secret_encrypted,
					    enabled, max_events_per_request, created_at, updated_at)
					values (?, ?, ?, ?, ?, true, ?, ?, ?)""")
				.params(channelId, checked.toString(), format.wireName(), encryptedHeaders,
						this.cipher.encrypt(newSecret), maxEventsPerRequest, Timestamp.from(now), Timestamp.from(now))
				.update();
		}
		if (appSecret != null) {
			this.jdbc.sql("update webhook_endpoints set app_secret_encrypted = ? where channel_id = ?")
				.params(appSecret.isEmpty() ? null : this.cipher.encrypt(appSecret), channelId)
				.update();
		}
		this.generations.changed(CACHE);
		return new SetResult(find(channelId).orElseThrow(), newSecret);
	}

	private static void checkAppSecret(@Nullable String appSecret) {
		if (appSecret == null || appSecret.isEmpty()) {
			return;
		}
		if (appSecret.length() > MAX_APP_SECRET_LENGTH || !appSecret.chars().allMatch((c) -> c > ' ' && c < 0x7f)) {
			throw ApiException.invalid("app_secret", "format", MAX_APP_SECRET_LENGTH, "app_secret must be 1 to "
					+ MAX_APP_SECRET_LENGTH + " printable ASCII characters without spaces (as Meta's app secrets are)");
		}
	}

	private static void checkMaxEventsPerRequest(@Nullable Integer maxEventsPerRequest) {
		if (maxEventsPerRequest != null
				&& (maxEventsPerRequest < 1 || maxEventsPerRequest > WebhookEndpoint.MAX_EVENTS_PER_REQUEST)) {
			throw invalidMaxEventsPerRequest(maxEventsPerRequest.toString());
		}
	}

	/** The refusal of a {@code max_events_per_request} outside 1 to 1000. */
	static ApiException invalidMaxEventsPerRequest(String was) {
		return ApiException.invalid("max_events_per_request", "range", WebhookEndpoint.MAX_EVENTS_PER_REQUEST,
				"max_events_per_request must be a whole number from 1 to " + WebhookEndpoint.MAX_EVENTS_PER_REQUEST
						+ " (was " + was + ")");
	}

	/**
	 * Replaces the signing secret; the previous one keeps signing for the grace period.
	 */
	@Transactional
	WebhookEndpoint rotateSecret(String channelId, String newSecret) {
		WebhookEndpoint endpoint = find(channelId).orElseThrow(() -> notConfigured());
		Instant until = this.clock.instant().plus(this.properties.secretRotationGrace());
		this.jdbc.sql("""
				update webhook_endpoints set secret_encrypted = ?, previous_secret_encrypted = ?,
				    previous_secret_until = ?, updated_at = ?
				where channel_id = ?""")
			.params(this.cipher.encrypt(newSecret), this.cipher.encrypt(endpoint.secret()), Timestamp.from(until),
					Timestamp.from(this.clock.instant()), channelId)
			.update();
		this.generations.changed(CACHE);
		return find(channelId).orElseThrow();
	}

	@Transactional
	boolean delete(String channelId) {
		this.generations.changed(CACHE);
		return this.jdbc.sql("delete from webhook_endpoints where channel_id = ?").param(channelId).update() > 0;
	}

	/** The channel's webhook as stored, the previous secret only while it still signs. */
	Optional<WebhookEndpoint> find(String channelId) {
		return load(channelId, this.clock.instant());
	}

	/**
	 * The channel's webhook from memory, as committed up to about a second ago; it keeps
	 * the previous secret and its end, so the caller checks
	 * {@link WebhookEndpoint#previousSecretAt}.
	 */
	Optional<WebhookEndpoint> current(String channelId) {
		return this.cached.get(channelId, (id) -> load(id, Instant.MIN));
	}

	private Optional<WebhookEndpoint> load(String channelId, Instant previousValidAfter) {
		return this.jdbc.sql("""
				select channel_id, url, format, headers_encrypted, secret_encrypted, previous_secret_encrypted,
				    previous_secret_until, enabled, disabled_reason, failing_since, created_at, updated_at,
				    app_secret_encrypted, max_events_per_request
				from webhook_endpoints where channel_id = ?""").param(channelId).query((rs, i) -> {
			Instant previousUntil = instant(rs.getTimestamp(7));
			boolean previousValid = previousUntil != null && previousUntil.isAfter(previousValidAfter);
			String headers = this.cipher.decrypt(rs.getString(4));
			return new WebhookEndpoint(rs.getString(1), rs.getString(2),
					PayloadFormat.fromWire(rs.getString(3)) instanceof PayloadFormat format ? format : PayloadFormat.V1,
					(headers == null) ? Map.of() : this.json.readValue(headers, new TypeReference<>() {
					}), this.cipher.decrypt(rs.getString(5)),
					previousValid ? this.cipher.decrypt(rs.getString(6)) : null, previousValid ? previousUntil : null,
					this.cipher.decrypt(rs.getString(13)), rs.getBoolean(8), rs.getString(9),
					instant(rs.getTimestamp(10)), rs.getTimestamp(11).toInstant(), rs.getTimestamp(12).toInstant(),
					(rs.getObject(14) != null) ? rs.getInt(14) : this.properties.maxEventsPerRequest());
		}).optional();
	}

	/** Whether the channel has a webhook, and whether it is enabled; empty when none. */
	Optional<Boolean> enabledState(String channelId) {
		return this.jdbc.sql("select enabled from webhook_endpoints where channel_id = ?")
			.param(channelId)
			.query(Boolean.class)
			.optional();
	}

	/** Records successes: the endpoints are no longer failing. */
	void succeeded(Collection<String> channelIds) {
		if (channelIds.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				update webhook_endpoints set failing_since = null
				where channel_id = any(?) and failing_since is not null""")
			.param(new SqlArrayValue("varchar", channelIds.toArray()))
			.update();
	}

	/**
	 * Records a failure.
	 * @return when the endpoint's current run of failures began
	 */
	Instant failed(String channelId, Instant at) {
		this.jdbc.sql("update webhook_endpoints set failing_since = ? where channel_id = ? and failing_since is null")
			.params(Timestamp.from(at), channelId)
			.update();
		return this.jdbc.sql("select failing_since from webhook_endpoints where channel_id = ?")
			.param(channelId)
			.query((rs, i) -> instant(rs.getTimestamp(1)))
			.optional()
			.map((since) -> (since != null) ? since : at)
			.orElse(at);
	}

	/**
	 * @return whether this call disabled it (false if it already was, or is gone)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	boolean disable(String channelId, String reason) {
		boolean disabled = this.jdbc.sql("""
				update webhook_endpoints set enabled = false, disabled_reason = ?, updated_at = ?
				where channel_id = ? and enabled = true""")
			.params(reason, Timestamp.from(this.clock.instant()), channelId)
			.update() > 0;
		if (disabled) {
			this.generations.changed(CACHE);
		}
		return disabled;
	}

	/**
	 * Checks a webhook URL when it is set: http(s), https where required, and a host that
	 * resolves only to permitted addresses. The check is repeated at every connection.
	 */
	URI checkUrl(String url) {
		if (url.length() > MAX_URL_LENGTH) {
			throw ApiException.invalid("url", "length", MAX_URL_LENGTH,
					"url must be at most " + MAX_URL_LENGTH + " characters");
		}
		URI uri;
		try {
			uri = new URI(url.strip());
		}
		catch (URISyntaxException ex) {
			throw ApiException.invalid("url", "url", null, "url is not a valid URL: " + ex.getMessage());
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		List<String> schemes = this.properties.requireHttps() ? List.of("https") : List.of("https", "http");
		if (!schemes.contains(scheme)) {
			throw ApiException.invalid("url", "scheme", schemes,
					"url must use " + String.join(" or ", schemes) + " (was '" + url + "')");
		}
		if (uri.getHost() == null || uri.getHost().isBlank()) {
			throw ApiException.invalid("url", "host", null, "url must name a host (was '" + url + "')");
		}
		if (uri.getRawUserInfo() != null) {
			throw ApiException.invalid("url", "no_userinfo", null,
					"url must not carry credentials; send them as a custom header instead");
		}
		String host = uri.getHost().replaceAll("^\\[|\\]$", "");
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(host);
		}
		catch (UnknownHostException ex) {
			throw ApiException.invalid("url", "resolvable_host", null, "The host " + host + " does not resolve");
		}
		for (InetAddress address : addresses) {
			if (!this.addressPolicy.permits(address)) {
				throw ApiException.invalid("url", "public_address", null,
						"The host " + host + " resolves to " + address.getHostAddress()
								+ ", a private, loopback, link-local or reserved address that webhooks may not reach");
			}
		}
		return uri;
	}

	private static void checkHeaders(Map<String, String> headers) {
		if (headers.size() > MAX_HEADERS) {
			throw ApiException.invalid("headers", "max_items", MAX_HEADERS,
					"headers may hold at most " + MAX_HEADERS + " entries");
		}
		headers.forEach((name, value) -> {
			if (!name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
				throw ApiException.invalid("headers." + name, "token", null,
						"A header name may only contain letters, digits and !#$%&'*+.^_`|~-");
			}
			if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
				throw ApiException.invalid("headers." + name, "not_reserved", RESERVED_HEADERS,
						"The header " + name + " is set by Wabagate and cannot be configured");
			}
			if (value.length() > MAX_HEADER_VALUE_LENGTH || value.chars().anyMatch((c) -> c < 0x20 || c == 0x7f)) {
				throw ApiException.invalid("headers." + name, "header_value", MAX_HEADER_VALUE_LENGTH,
						"A header value must be at most " + MAX_HEADER_VALUE_LENGTH
								+ " characters without control characters (line breaks)");
			}
		});
	}

	static ApiException notConfigured() {
		return ApiException.notFound("Webhook of this channel");
	}

	static Map<String, String> masked(Map<String, String> headers) {
		Map<String, String> masked = new LinkedHashMap<>();
		headers.forEach((name, value) -> masked.put(name, "********"));
		return masked;
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
