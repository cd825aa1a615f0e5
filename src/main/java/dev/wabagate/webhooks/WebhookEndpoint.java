package dev.wabagate.webhooks;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A channel's webhook, secrets decrypted.
 *
 * @param previousSecret the secret before the last rotation, while it still signs
 * @param appSecret the business's Cloud API app secret keying X-Hub-Signature-256; null
 * when none was set (then the signing secret keys it)
 * @param failingSince when the current run of failed attempts began; null after a success
 * @param maxEventsPerRequest how many events one request carries at most: the endpoint's
 * own setting, else the node's {@code max-events-per-request}
 */
record WebhookEndpoint(String channelId, String url, PayloadFormat format, Map<String, String> headers, String secret,
		@Nullable String previousSecret, @Nullable Instant previousSecretUntil, @Nullable String appSecret,
		boolean enabled, @Nullable String disabledReason, @Nullable Instant failingSince, Instant createdAt,
		Instant updatedAt, int maxEventsPerRequest) {

	/** The most events one request may carry (Meta batches "up to 1000 updates"). */
	static final int MAX_EVENTS_PER_REQUEST = 1000;

	/** The previous secret if it still signs at {@code now}. */
	@Nullable String previousSecretAt(Instant now) {
		return (this.previousSecretUntil != null && this.previousSecretUntil.isAfter(now)) ? this.previousSecret : null;
	}

	/** The shape of the request bodies an endpoint receives. */
	enum PayloadFormat {

		/**
		 * On-Premises / 360dialog v1: {@code contacts}, {@code messages},
		 * {@code statuses}.
		 */
		V1("v1"),

		/** Meta's Cloud API envelope ({@code object}, {@code entry[].changes[]}). */
		CLOUD("cloud");

		private final String wireName;

		PayloadFormat(String wireName) {
			this.wireName = wireName;
		}

		String wireName() {
			return this.wireName;
		}

		static @Nullable PayloadFormat fromWire(String value) {
			for (PayloadFormat format : values()) {
				if (format.wireName.equalsIgnoreCase(value.strip())) {
					return format;
				}
			}
			return null;
		}

	}

}
