package dev.wabagate.accounts;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ErrorCodes;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A token bucket per API key and node, protecting the gateway from one client's runaway
 * loop. It is per node on purpose: it guards this process's capacity, and needs no shared
 * state.
 */
@Component
class RequestRateLimiter {

	private final double tokensPerNano;

	private final double burst;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	RequestRateLimiter(AccountsProperties properties) {
		this.tokensPerNano = properties.requestsPerSecond() / 1e9;
		this.burst = properties.requestBurst();
	}

	void acquire(String key) {
		Bucket bucket = this.buckets.computeIfAbsent(key, (k) -> new Bucket(this.burst, System.nanoTime()));
		long waitNanos;
		synchronized (bucket) {
			long now = System.nanoTime();
			bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.refilledAt) * this.tokensPerNano);
			bucket.refilledAt = now;
			if (bucket.tokens >= 1) {
				bucket.tokens -= 1;
				return;
			}
			waitNanos = (long) ((1 - bucket.tokens) / this.tokensPerNano);
		}
		long retryAfterSeconds = Math.max(1, (waitNanos + 999_999_999) / 1_000_000_000);
		String details = "Too many requests for this API key; retry after " + retryAfterSeconds + " s";
		throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", details, List
			.of(ApiError.of(ErrorCodes.TOO_MANY_REQUESTS, ErrorCodes.titleOf(ErrorCodes.TOO_MANY_REQUESTS), details)),
				retryAfterSeconds);
	}

	private static final class Bucket {

		private double tokens;

		private long refilledAt;

		private Bucket(double tokens, long refilledAt) {
			this.tokens = tokens;
			this.refilledAt = refilledAt;
		}

	}

}
