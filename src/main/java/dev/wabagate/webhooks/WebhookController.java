package dev.wabagate.webhooks;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.JsonBody;
import dev.wabagate.webhooks.WebhookEndpoint.PayloadFormat;
import dev.wabagate.webhooks.WebhookOutbox.EventState;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Webhook", description = "Where this channel's events are delivered, the delivery log and replay")
class WebhookController {

	private static final int MAX_LIMIT = 500;

	private final WebhookConfiguration configuration;

	private final WebhookOutbox outbox;

	WebhookController(WebhookConfiguration configuration, WebhookOutbox outbox) {
		this.configuration = configuration;
		this.outbox = outbox;
	}

	@Operation(summary = "Set the webhook (an empty url removes it)",
			description = "Body {\"url\":\"https://...\",\"headers\":{\"Authorization\":\"...\"},\"format\":\"v1\","
					+ "\"app_secret\":\"...\",\"max_events_per_request\":100}. format is v1 (On-Premises / 360dialog "
					+ "v1, the default) or cloud (Meta's Cloud API envelope). app_secret (optional, never shown again; "
					+ "null or \"\" removes it) keys X-Hub-Signature-256 as Cloud API SDKs verify it: the string as it "
					+ "is. max_events_per_request (optional, 1 to 1000; absent or null: the node's default, 1) is how "
					+ "many events one request may carry: statuses together in one statuses array, customer "
					+ "messages together in one contacts and messages array, each event of a different chat. "
					+ "Setting a webhook enables it again if it was disabled. The first set answers the signing "
					+ "secret (whsec_...) once; it is kept when the URL changes and can be rotated. The seed's "
					+ "POST with the same body for get and delete is read as set; an empty url removes.")
	@PostMapping("/v1/configs/webhook")
	Map<String, Object> set(Channel channel, JsonBody body) {
		JsonNode json = body.json();
		JsonNode url = json.get("url");
		if (url == null || url.isNull()) {
			throw ApiException.missing("url");
		}
		if (!url.isString()) {
			throw ApiException.invalid("url", "type", "string", "url must be a string");
		}
		if (url.asString().isBlank()) {
			this.configuration.remove(channel.id());
			return Map.of("removed", true);
		}
		WebhookEndpoints.SetResult result = this.configuration.set(channel.id(), url.asString(), headers(json),
				format(json), appSecret(json), maxEventsPerRequest(json));
		return view(result.endpoint(), result.newSecret());
	}

	@Operation(summary = "Get the webhook", description = "Custom header values are masked.")
	@GetMapping("/v1/configs/webhook")
	Map<String, Object> get(Channel channel) {
		return view(this.configuration.find(channel.id()), null);
	}

	@Operation(summary = "Remove the webhook", description = "Queued deliveries are cancelled; the log stays.")
	@DeleteMapping("/v1/configs/webhook")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(Channel channel) {
		if (!this.configuration.remove(channel.id())) {
			throw WebhookEndpoints.notConfigured();
		}
	}

	@Operation(summary = "Rotate the signing secret",
			description = "Answers the new secret once. For secret-rotation-grace (24 h) requests carry a "
					+ "webhook-signature for the new and for the previous secret; X-Hub-Signature-256 uses the new.")
	@PostMapping("/v1/configs/webhook/secret")
	Map<String, Object> rotateSecret(Channel channel) {
		WebhookConfiguration.Rotated rotated = this.configuration.rotateSecret(channel.id());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("secret", rotated.secret());
		answer.put("previous_secret_valid_until", rotated.endpoint().previousSecretUntil());
		return answer;
	}

	@Operation(summary = "Recent delivery attempts",
			description = "Newest first, one per event and attempt: time, event, attempt number, status code, "
					+ "latency, error and the webhook-id of the request that carried it (batch_... when it "
					+ "carried several events).")
	@GetMapping("/v1/configs/webhook/deliveries")
	Map<String, Object> deliveries(Channel channel, @RequestParam(defaultValue = "100") int limit,
			@RequestParam(name = "event_id", required = false) @Nullable String eventId) {
		return Map.of("attempts", this.outbox.attempts(channel.id(), eventId, limit(limit)));
	}

	@Operation(summary = "Stored events",
			description = "Newest first; filter with state = pending, delivered, exhausted, held or cancelled.")
	@GetMapping("/v1/configs/webhook/events")
	Map<String, Object> events(Channel channel, @RequestParam(defaultValue = "100") int limit,
			@RequestParam(required = false) @Nullable String state) {
		EventState filter = null;
		if (state != null) {
			filter = EventState.fromWire(state);
			if (filter == null) {
				List<String> states = List.of(EventState.values()).stream().map(EventState::wireName).toList();
				throw ApiException.invalid("state", "one_of", states, "state must be one of " + states);
			}
		}
		return Map.of("events", this.outbox.events(channel.id(), filter, null, limit(limit)));
	}

	@Operation(summary = "Deliver one event again", description = "With the same webhook-id as before.")
	@PostMapping("/v1/configs/webhook/events/{eventId}/replay")
	@ResponseStatus(HttpStatus.ACCEPTED)
	WebhookOutbox.EventView replay(Channel channel, @PathVariable String eventId) {
		return this.outbox.replay(channel.id(), eventId);
	}

	@Operation(summary = "Deliver every event since a time again",
			description = "Body {\"since\":\"2025-06-01T10:00:00Z\"} (or Unix seconds). Events still queued are "
					+ "left where they are; at most 10000 are queued per call.")
	@PostMapping("/v1/configs/webhook/replay")
	ResponseEntity<Map<String, Object>> replaySince(Channel channel, JsonBody body) {
		Instant since = since(body.json().get("since"));
		int queued = this.outbox.replaySince(channel.id(), since);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("queued", queued, "since", since));
	}

	private static Instant since(@Nullable JsonNode since) {
		if (since == null || since.isNull()) {
			throw ApiException.missing("since");
		}
		try {
			return since.isNumber() || since.asString().matches("\\d+") ? Instant.ofEpochSecond(since.asLong())
					: Instant.parse(since.asString());
		}
		catch (DateTimeParseException ex) {
			throw ApiException.invalid("since", "timestamp", null,
					"since must be an ISO-8601 UTC time (2025-06-01T10:00:00Z) or Unix seconds");
		}
	}

	private static int limit(int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw ApiException.invalid("limit", "range", MAX_LIMIT, "limit must be between 1 and " + MAX_LIMIT);
		}
		return limit;
	}

	private static Map<String, String> headers(JsonNode json) {
		JsonNode headers = json.get("headers");
		if (headers == null || headers.isNull()) {
			return Map.of();
		}
		if (!headers.isObject()) {
			throw ApiException.invalid("headers", "type", "object",
					"headers must be an object of header names to values");
		}
		Map<String, String> values = new LinkedHashMap<>();
		headers.properties().forEach((entry) -> {
			if (!entry.getValue().isString()) {
				throw ApiException.invalid("headers." + entry.getKey(), "type", "string",
						"headers." + entry.getKey() + " must be a string");
			}
			values.put(entry.getKey(), entry.getValue().asString());
		});
		return values;
	}

	/** null keeps the current app secret; JSON null or "" removes it. */
	private static @Nullable String appSecret(JsonNode json) {
		if (!json.has("app_secret")) {
			return null;
		}
		JsonNode appSecret = json.get("app_secret");
		if (appSecret.isNull()) {
			return "";
		}
		if (!appSecret.isString()) {
			throw ApiException.invalid("app_secret", "type", "string", "app_secret must be a string");
		}
		return appSecret.asString();
	}

	/** null: the node's default. */
	private static @Nullable Integer maxEventsPerRequest(JsonNode json) {
		JsonNode max = json.get("max_events_per_request");
		if (max == null || max.isNull()) {
			return null;
		}
		if (!max.isIntegralNumber() || !max.canConvertToInt()) {
			throw WebhookEndpoints.invalidMaxEventsPerRequest(max.toString());
		}
		return max.asInt();
	}

	private static PayloadFormat format(JsonNode json) {
		JsonNode format = json.get("format");
		if (format == null || format.isNull()) {
			return PayloadFormat.V1;
		}
		PayloadFormat parsed = format.isString() ? PayloadFormat.fromWire(format.asString()) : null;
		if (parsed == null) {
			throw ApiException.invalid("format", "one_of", List.of("v1", "cloud"),
					"format must be v1 or cloud (was " + format + ")");
		}
		return parsed;
	}

	private static Map<String, Object> view(WebhookEndpoint endpoint, @Nullable String newSecret) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("url", endpoint.url());
		view.put("headers", WebhookEndpoints.masked(endpoint.headers()));
		view.put("format", endpoint.format().wireName());
		view.put("app_secret_set", endpoint.appSecret() != null);
		view.put("max_events_per_request", endpoint.maxEventsPerRequest());
		view.put("enabled", endpoint.enabled());
		if (endpoint.disabledReason() != null && !endpoint.enabled()) {
			view.put("disabled_reason", endpoint.disabledReason());
		}
		if (endpoint.failingSince() != null) {
			view.put("failing_since", endpoint.failingSince());
		}
		if (newSecret != null) {
			view.put("secret", newSecret);
		}
		view.put("created_at", endpoint.createdAt());
		view.put("updated_at", endpoint.updatedAt());
		return view;
	}

}
