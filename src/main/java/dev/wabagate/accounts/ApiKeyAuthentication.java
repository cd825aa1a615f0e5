package dev.wabagate.accounts;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ErrorCodes;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Authenticates business API requests. The key is accepted where the seed's examples put
 * it: {@code API-KEY}, {@code D360-API-KEY}, {@code Authorization: Bearer} and the
 * {@code API Key} query parameter. The query string is parsed by hand: asking the servlet
 * for parameters would consume a form-encoded body, which is where the seed's curl
 * commands put their JSON.
 */
@Component
class ApiKeyAuthentication implements HandlerInterceptor {

	static final String CHANNEL_ATTRIBUTE = ApiKeyAuthentication.class.getName() + ".channel";

	private static final List<String> KEY_HEADERS = List.of("API-KEY", "D360-API-KEY");

	private static final List<String> KEY_QUERY_PARAMETERS = List.of("API Key", "api_key", "API-KEY");

	private final AccountService accounts;

	private final RequestRateLimiter rateLimiter;

	private final Duration cacheTtl;

	private final Map<String, CachedChannel> cache = new ConcurrentHashMap<>();

	ApiKeyAuthentication(AccountService accounts, RequestRateLimiter rateLimiter, AccountsProperties properties) {
		this.accounts = accounts;
		this.rateLimiter = rateLimiter;
		this.cacheTtl = properties.keyCacheTtl();
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		String key = presentedKey(request);
		if (key == null) {
			throw unauthorized("No API key: send it in the API-KEY header (D360-API-KEY and "
					+ "'Authorization: Bearer' are accepted too)");
		}
		Channel channel = channelFor(key).orElseThrow(() -> unauthorized("The API key is not valid"));
		this.rateLimiter.acquire(key);
		request.setAttribute(CHANNEL_ATTRIBUTE, channel);
		return true;
	}

	private Optional<Channel> channelFor(String key) {
		long now = System.nanoTime();
		CachedChannel cached = this.cache.get(key);
		if (cached != null && cached.validUntilNanos() - now > 0) {
			return Optional.of(cached.channel());
		}
		Optional<Channel> channel = this.accounts.authenticate(key);
		channel.ifPresentOrElse((found) -> {
			if (this.cache.size() > 10_000) {
				this.cache.clear();
			}
			this.cache.put(key, new CachedChannel(found, now + this.cacheTtl.toNanos()));
		}, () -> this.cache.remove(key));
		return channel;
	}

	private static @Nullable String presentedKey(HttpServletRequest request) {
		for (String header : KEY_HEADERS) {
			String value = request.getHeader(header);
			if (value != null && !value.isBlank()) {
				return value.strip();
			}
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return authorization.substring(7).strip();
		}
		return keyFromQuery(request.getQueryString());
	}

	private static @Nullable String keyFromQuery(@Nullable String query) {
		if (query == null) {
			return null;
		}
		for (String pair : query.split("&")) {
			int equals = pair.indexOf('=');
			if (equals <= 0) {
				continue;
			}
			String name = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
			if (KEY_QUERY_PARAMETERS.stream().anyMatch(name::equalsIgnoreCase)) {
				String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8).strip();
				return value.isEmpty() ? null : value;
			}
		}
		return null;
	}

	private static ApiException unauthorized(String details) {
		return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", details,
				List.of(ApiError.of(ErrorCodes.UNAUTHORIZED, ErrorCodes.titleOf(ErrorCodes.UNAUTHORIZED), details)));
	}

	private record CachedChannel(Channel channel, long validUntilNanos) {
	}

}
