package dev.wabagate.upstream;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A provider's report about a message it accepted. Each adapter parses its provider's
 * status name once, into a {@link Kind}; reports of kinds Wabagate does not track (Meta's
 * {@code played} or {@code deleted}) are not reported at all.
 */
public record UpstreamStatus(String channelId, String upstreamMessageId, Kind kind, Instant timestamp,
		@Nullable Integer errorCode, @Nullable String errorTitle, @Nullable String errorDetails) {

	/** What the provider says became of the message. */
	public enum Kind {

		SENT, DELIVERED, READ, FAILED;

		/** The name WhatsApp's webhooks use, e.g. {@code delivered}. */
		public String wireName() {
			return name().toLowerCase(Locale.ROOT);
		}

		/**
		 * The kind of a WhatsApp status name; empty for the ones Wabagate does not track.
		 */
		public static Optional<Kind> fromWire(String status) {
			return Arrays.stream(values()).filter((kind) -> kind.wireName().equals(status)).findFirst();
		}

	}

}
