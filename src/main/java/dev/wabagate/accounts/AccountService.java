package dev.wabagate.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ErrorCodes;
import dev.wabagate.shared.Ids;
import dev.wabagate.shared.PhoneNumbers;
import dev.wabagate.shared.SecretCipher;

import org.springframework.http.HttpStatus;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts, channels and API keys. Keys are random, shown once, and stored as SHA-256
 * hashes: a key has 256 bits of entropy, so a slow password hash would add latency to
 * every request and no safety.
 */
@Service
public class AccountService {

	public static final String KEY_PREFIX = "wbg_";

	private static final int DEFAULT_THROUGHPUT_MPS = 80;

	private static final int MAX_THROUGHPUT_MPS = 1000;

	private final JdbcClient jdbc;

	private final SecretCipher cipher;

	private final JsonMapper json;

	private final AccountsProperties properties;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	AccountService(JdbcClient jdbc, SecretCipher cipher, JsonMapper json, AccountsProperties properties,
			ApplicationEventPublisher events, Clock clock) {
		this.events = events;
		this.jdbc = jdbc;
		this.cipher = cipher;
		this.json = json;
		this.properties = properties;
		this.clock = clock;
	}

	/** Creates an account with its first channel and an API key for that channel. */
	@Transactional
	public CreatedAccount createAccount(String name, NewChannel newChannel) {
		if (name.isBlank() || name.length() > 200) {
			throw ApiException.invalid("name", "length", 200, "name is required and must be at most 200 characters");
		}
		Instant now = this.clock.instant();
		Account account = new Account(Ids.next("acc"), name.strip(), now);
		this.jdbc.sql("insert into accounts (id, name, created_at) values (?, ?, ?)")
			.params(account.id(), account.name(), Timestamp.from(now))
			.update();
		Channel channel = insertChannel(account.id(), newChannel);
		IssuedApiKey key = issueKey(channel.id());
		return new CreatedAccount(account, channel, key);
	}

	@Transactional
	public ChannelWithKey createChannel(String accountId, NewChannel newChannel) {
		findAccount(accountId).orElseThrow(() -> ApiException.notFound("Account " + accountId));
		Channel channel = insertChannel(accountId, newChannel);
		return new ChannelWithKey(channel, issueKey(channel.id()));
	}

	private Channel insertChannel(String accountId, NewChannel request) {
		ProviderKind provider = ProviderKind.of(request.provider())
			.orElseThrow(() -> ApiException.invalid("provider", "one_of", ProviderKind.wireNames(),
					"provider must be one of " + ProviderKind.wireNames() + " (was '" + request.provider() + "')"));
		String number = PhoneNumbers.toWaId(request.phoneNumber())
			.orElseThrow(() -> ApiException.invalid("phone_number", "phone_number", null,
					"phone_number must be a phone number in international format (was '" + request.phoneNumber()
							+ "')"));
		int throughput = (request.throughputMps() != null) ? request.throughputMps() : DEFAULT_THROUGHPUT_MPS;
		checkThroughput(throughput);
		String windowPolicy = (request.windowPolicy() != null) ? request.windowPolicy()
				: Channel.WINDOW_ENFORCED_BY_GATEWAY;
		checkWindowPolicy(windowPolicy);
		if (provider == ProviderKind.META) {
			requireForMeta("phone_number_id", request.phoneNumberId() != null);
			requireForMeta("waba_id", request.wabaId() != null);
			requireForMeta("credentials.access_token", request.credentials().containsKey("access_token"));
		}
		String phoneNumberId = (request.phoneNumberId() != null) ? request.phoneNumberId() : "sbx" + number;
		String wabaId = (request.wabaId() != null) ? request.wabaId() : "sbxwaba" + number;
		Integer existing = this.jdbc.sql("select count(*) from channels where provider = ? and phone_number_id = ?")
			.params(provider.wireName(), phoneNumberId)
			.query(Integer.class)
			.single();
		if (existing > 0) {
			throw new ApiException(HttpStatus.CONFLICT, "conflict",
					"A " + provider + " channel with phone_number_id " + phoneNumberId + " already exists",
					List.of(ApiError.of(ErrorCodes.RESOURCE_ALREADY_EXISTS,
							ErrorCodes.titleOf(ErrorCodes.RESOURCE_ALREADY_EXISTS),
							"phone_number_id " + phoneNumberId + " is already registered")));
		}
		String credentials = request.credentials().isEmpty() ? null
				: this.cipher.encrypt(this.json.writeValueAsString(request.credentials()));
		Channel channel = new Channel(Ids.next("ch"), accountId, number, phoneNumberId, wabaId, provider, throughput,
				windowPolicy);
		this.jdbc.sql("""
				insert into channels (id, account_id, display_phone_number, phone_number_id, waba_id, provider,
				    credentials_encrypted, throughput_mps, window_policy, created_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(channel.id(), accountId, number, phoneNumberId, wabaId, provider.wireName(), credentials,
					throughput, windowPolicy, Timestamp.from(this.clock.instant()))
			.update();
		this.events.publishEvent(new ChannelCreated(channel));
		return channel;
	}

	private static void requireForMeta(String field, boolean given) {
		if (!given) {
			throw ApiException.missing(field, "required for provider meta");
		}
	}

	private static void checkThroughput(int throughput) {
		if (throughput < 1 || throughput > MAX_THROUGHPUT_MPS) {
			throw ApiException.invalid("throughput_mps", "range", MAX_THROUGHPUT_MPS,
					"throughput_mps must be between 1 and " + MAX_THROUGHPUT_MPS + " (was " + throughput + ")");
		}
	}

	private static void checkWindowPolicy(String windowPolicy) {
		if (!List.of(Channel.WINDOW_ENFORCED_BY_GATEWAY, Channel.WINDOW_LEFT_TO_PROVIDER).contains(windowPolicy)) {
			throw ApiException.invalid("window_policy", "one_of", List.of("gateway", "provider"),
					"window_policy must be one of [gateway, provider] (was '" + windowPolicy + "')");
		}
	}

	@Transactional
	public Channel updateChannel(String channelId, @Nullable Integer throughputMps, @Nullable String windowPolicy) {
		Channel channel = findChannel(channelId).orElseThrow(() -> ApiException.notFound("Channel " + channelId));
		int throughput = (throughputMps != null) ? throughputMps : channel.throughputMps();
		checkThroughput(throughput);
		String policy = (windowPolicy != null) ? windowPolicy : channel.windowPolicy();
		checkWindowPolicy(policy);
		this.jdbc.sql("update channels set throughput_mps = ?, window_policy = ? where id = ?")
			.params(throughput, policy, channelId)
			.update();
		return findChannel(channelId).orElseThrow();
	}

	public Optional<Account> findAccount(String accountId) {
		return this.jdbc.sql("select id, name, created_at from accounts where id = ?")
			.param(accountId)
			.query((rs, i) -> new Account(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
			.optional();
	}

	public List<Account> listAccounts(int limit, int offset) {
		return this.jdbc.sql("select id, name, created_at from accounts order by created_at, id limit ? offset ?")
			.params(limit, offset)
			.query((rs, i) -> new Account(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
			.list();
	}

	public Optional<Channel> findChannel(String channelId) {
		return this.jdbc.sql(CHANNEL_SELECT + " where id = ?")
			.param(channelId)
			.query(AccountService::channel)
			.optional();
	}

	public List<Channel> channelsOf(String accountId) {
		return this.jdbc.sql(CHANNEL_SELECT + " where account_id = ? order by created_at, id")
			.param(accountId)
			.query(AccountService::channel)
			.list();
	}

	public List<Channel> allChannels() {
		return this.jdbc.sql(CHANNEL_SELECT + " order by created_at, id").query(AccountService::channel).list();
	}

	/** The channel a provider reports for, by the provider's phone-number id. */
	public Optional<Channel> findChannelByPhoneNumberId(ProviderKind provider, String phoneNumberId) {
		return this.jdbc.sql(CHANNEL_SELECT + " where provider = ? and phone_number_id = ?")
			.params(provider.wireName(), phoneNumberId)
			.query(AccountService::channel)
			.optional();
	}

	/**
	 * The channels of one WhatsApp Business Account at a provider (templates belong to
	 * the WABA).
	 */
	public List<Channel> findChannelsByWabaId(ProviderKind provider, String wabaId) {
		return this.jdbc.sql(CHANNEL_SELECT + " where provider = ? and waba_id = ? order by created_at, id")
			.params(provider.wireName(), wabaId)
			.query(AccountService::channel)
			.list();
	}

	/** The channel's provider credentials, decrypted; empty when it has none. */
	public Map<String, String> credentialsOf(String channelId) {
		String encrypted = this.jdbc.sql("select credentials_encrypted from channels where id = ?")
			.param(channelId)
			.query(String.class)
			.optional()
			.orElse(null);
		String plaintext = this.cipher.decrypt(encrypted);
		return (plaintext == null) ? Map.of() : this.json.readValue(plaintext, new TypeReference<>() {
		});
	}

	private static final String CHANNEL_SELECT = """
			select id, account_id, display_phone_number, phone_number_id, waba_id, provider, throughput_mps,
			    window_policy from channels""";

	private static Channel channel(ResultSet rs, int row) throws SQLException {
		String provider = rs.getString(6);
		return new Channel(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
				ProviderKind.of(provider)
					.orElseThrow(() -> new IllegalStateException("Unknown provider '" + provider + "' stored")),
				rs.getInt(7), rs.getString(8));
	}

	@Transactional
	public IssuedApiKey issueKey(String channelId) {
		findChannel(channelId).orElseThrow(() -> ApiException.notFound("Channel " + channelId));
		String prefix = KEY_PREFIX + Ids.secret(6).replace('-', 'x').replace('_', 'y').toLowerCase(Locale.ROOT);
		String key = prefix + "_" + Ids.secret(32);
		Instant now = this.clock.instant();
		ApiKeyInfo info = new ApiKeyInfo(Ids.next("key"), channelId, prefix, now, null, null);
		this.jdbc.sql("insert into api_keys (id, channel_id, prefix, key_hash, created_at) values (?, ?, ?, ?, ?)")
			.params(info.id(), channelId, prefix, sha256(key), Timestamp.from(now))
			.update();
		return new IssuedApiKey(info, key);
	}

	/**
	 * Issues a successor key; the old one keeps working for the configured grace period.
	 */
	@Transactional
	public IssuedApiKey rotateKey(String keyId) {
		ApiKeyInfo old = findKey(keyId).filter((k) -> k.revokedAt() == null)
			.orElseThrow(() -> ApiException.notFound("API key " + keyId));
		Instant graceEnd = this.clock.instant().plus(this.properties.keyRotationGrace());
		this.jdbc.sql("update api_keys set expires_at = ? where id = ? and (expires_at is null or expires_at > ?)")
			.params(Timestamp.from(graceEnd), keyId, Timestamp.from(graceEnd))
			.update();
		return issueKey(old.channelId());
	}

	@Transactional
	public ApiKeyInfo revokeKey(String keyId) {
		findKey(keyId).orElseThrow(() -> ApiException.notFound("API key " + keyId));
		this.jdbc.sql("update api_keys set revoked_at = ? where id = ? and revoked_at is null")
			.params(Timestamp.from(this.clock.instant()), keyId)
			.update();
		return findKey(keyId).orElseThrow();
	}

	public Optional<ApiKeyInfo> findKey(String keyId) {
		return this.jdbc.sql(KEY_SELECT + " where id = ?").param(keyId).query(AccountService::keyInfo).optional();
	}

	public List<ApiKeyInfo> keysOf(String channelId) {
		return this.jdbc.sql(KEY_SELECT + " where channel_id = ? order by created_at")
			.param(channelId)
			.query(AccountService::keyInfo)
			.list();
	}

	private static final String KEY_SELECT = "select id, channel_id, prefix, created_at, expires_at, revoked_at from api_keys";

	private static ApiKeyInfo keyInfo(ResultSet rs, int row) throws SQLException {
		return new ApiKeyInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
				instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)));
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/**
	 * The channel a presented key belongs to, if the key is valid now. The lookup goes by
	 * the key's visible prefix; the hashes are then compared in constant time.
	 */
	Optional<Channel> authenticate(String presentedKey) {
		int secretStart = presentedKey.indexOf('_', KEY_PREFIX.length());
		if (!presentedKey.startsWith(KEY_PREFIX) || secretStart < 0) {
			return Optional.empty();
		}
		String prefix = presentedKey.substring(0, secretStart);
		Instant now = this.clock.instant();
		record StoredKey(String hash, String channelId, @Nullable Instant expiresAt, @Nullable Instant revokedAt) {
		}
		byte[] presentedHash = sha256(presentedKey).getBytes(StandardCharsets.US_ASCII);
		return this.jdbc.sql("select key_hash, channel_id, expires_at, revoked_at from api_keys where prefix = ?")
			.param(prefix)
			.query((rs, i) -> new StoredKey(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3)),
					instant(rs.getTimestamp(4))))
			.list()
			.stream()
			.filter((key) -> MessageDigest.isEqual(key.hash().getBytes(StandardCharsets.US_ASCII), presentedHash))
			.filter((key) -> key.revokedAt() == null && (key.expiresAt() == null || key.expiresAt().isAfter(now)))
			.findFirst()
			.flatMap((key) -> findChannel(key.channelId()));
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public record CreatedAccount(Account account, Channel channel, IssuedApiKey apiKey) {
	}

	public record ChannelWithKey(Channel channel, IssuedApiKey apiKey) {
	}

}
