package dev.wabagate.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

/**
 * Which events may share one webhook request, and the request's {@code webhook-id}: pure
 * rules (ADR 0028). The events a claim hands over are heads of different lanes (chats),
 * so any of them may travel together without breaking a chat's order; only the body's
 * shape limits it. Statuses share one {@code statuses} array, customer messages one
 * {@code contacts} and one {@code messages} array, in both formats; any other event (a
 * template verdict, a channel event, a change of another shape) travels alone.
 */
final class WebhookBatches {

	private static final String BATCH_PREFIX = "batch_";

	private WebhookBatches() {
	}

	/** What an event's change is, as far as sharing a body goes. */
	enum Kind {

		/** A {@code messages} change holding {@code statuses} only. */
		STATUSES,

		/**
		 * A {@code messages} change holding customer {@code messages} and as many
		 * {@code contacts} (one each), so that concatenated they stay paired by index.
		 */
		INBOUND,

		/** Anything else: delivered one per request. */
		ALONE;

		/** The arrays of the change's value that bodies of this kind concatenate. */
		List<String> arrays() {
			return switch (this) {
				case STATUSES -> List.of("statuses");
				case INBOUND -> List.of("contacts", "messages");
				case ALONE -> List.of();
			};
		}

	}

	/** The kind of a change ({@code field} and its {@code value}). */
	static Kind kind(String field, JsonNode value) {
		if (!"messages".equals(field) || !value.isObject()) {
			return Kind.ALONE;
		}
		JsonNode statuses = value.path("statuses");
		JsonNode messages = value.path("messages");
		JsonNode contacts = value.path("contacts");
		if (value.size() == 1 && statuses.isArray()) {
			return Kind.STATUSES;
		}
		// Anything more (messaging_product, metadata, errors, …) keeps the change whole.
		if (value.size() == 2 && messages.isArray() && contacts.isArray() && messages.size() == contacts.size()) {
			return Kind.INBOUND;
		}
		return Kind.ALONE;
	}

	/**
	 * The requests for a claim's events: events of one kind together, at most {@code max}
	 * to a request and the kind's events spread evenly over as few requests as hold them
	 * (101 events at 100 a request go as 51 and 50), {@link Kind#ALONE} events one to a
	 * request. Kinds come in the order their first event came, events in theirs.
	 */
	static <T> List<List<T>> requests(List<T> events, Function<T, Kind> kind, int max) {
		if (max < 1) {
			throw new IllegalArgumentException("max must be at least 1 (was " + max + ")");
		}
		Map<Kind, List<T>> byKind = new LinkedHashMap<>();
		List<List<T>> requests = new ArrayList<>();
		for (T event : events) {
			Kind of = kind.apply(event);
			if (of == Kind.ALONE) {
				requests.add(List.of(event));
			}
			else {
				byKind.computeIfAbsent(of, (k) -> new ArrayList<>()).add(event);
			}
		}
		byKind.values().forEach((same) -> requests.addAll(spread(same, max)));
		return requests;
	}

	private static <T> List<List<T>> spread(List<T> events, int max) {
		int count = (events.size() + max - 1) / max;
		List<List<T>> parts = new ArrayList<>(count);
		int from = 0;
		for (int i = 0; i < count; i++) {
			int size = events.size() / count + ((i < events.size() % count) ? 1 : 0);
			parts.add(List.copyOf(events.subList(from, from + size)));
			from += size;
		}
		return parts;
	}

	/**
	 * The {@code webhook-id} of a request: the event's own id for one event, as before
	 * batching; for several, {@code batch_} and 32 hex digits of the SHA-256 of the
	 * sorted ids, so a retry of the same events has the same id whatever their order and
	 * any other set of events another.
	 */
	static String webhookId(List<String> eventIds) {
		if (eventIds.isEmpty()) {
			throw new IllegalArgumentException("A request carries at least one event");
		}
		if (eventIds.size() == 1) {
			return eventIds.get(0);
		}
		MessageDigest sha256;
		try {
			sha256 = MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
		eventIds.stream().sorted().distinct().forEach((id) -> {
			sha256.update(id.getBytes(StandardCharsets.UTF_8));
			sha256.update((byte) '\n');
		});
		return BATCH_PREFIX + HexFormat.of().formatHex(sha256.digest(), 0, 16);
	}

}
