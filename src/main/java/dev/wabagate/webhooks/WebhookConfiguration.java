package dev.wabagate.webhooks;

import org.jspecify.annotations.Nullable;

import java.util.Map;

import dev.wabagate.webhooks.WebhookEndpoint.PayloadFormat;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The webhook configuration use cases: set, find, remove, rotate the secret. */
@Service
class WebhookConfiguration {

	private final WebhookEndpoints endpoints;

	private final WebhookOutbox outbox;

	WebhookConfiguration(WebhookEndpoints endpoints, WebhookOutbox outbox) {
		this.endpoints = endpoints;
		this.outbox = outbox;
	}

	WebhookEndpoints.SetResult set(String channelId, String url, Map<String, String> headers, PayloadFormat format,
			@Nullable String appSecret, @Nullable Integer maxEventsPerRequest) {
		return this.endpoints.set(channelId, url, headers, format, appSecret, maxEventsPerRequest);
	}

	WebhookEndpoint find(String channelId) {
		return this.endpoints.find(channelId).orElseThrow(WebhookEndpoints::notConfigured);
	}

	/**
	 * @return whether there was a webhook to remove
	 */
	@Transactional
	boolean remove(String channelId) {
		this.outbox.cancelQueued(channelId);
		return this.endpoints.delete(channelId);
	}

	@Transactional
	Rotated rotateSecret(String channelId) {
		String secret = WebhookSignatures.newSecret();
		return new Rotated(this.endpoints.rotateSecret(channelId, secret), secret);
	}

	record Rotated(WebhookEndpoint endpoint, String secret) {
	}

}
