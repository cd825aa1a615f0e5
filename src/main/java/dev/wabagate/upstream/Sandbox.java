package dev.wabagate.upstream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.wabagate.accounts.Channel;

/** Controls of the built-in WhatsApp simulator, for developers, operators and tests. */
public interface Sandbox {

	/**
	 * Plays a customer writing to a sandbox channel: the message takes the same inbound
	 * path as one from Meta's webhook and opens the 24-hour window.
	 * @param content the type's object, e.g. {@code {"body":"hi"}} for {@code text} (an
	 * array for {@code contacts})
	 */
	CustomerMessageReceived receiveFromCustomer(Channel channel, String fromWaId, @Nullable String profileName,
			String type, JsonNode content, @Nullable String contextMessageId);

	/**
	 * Makes the channel's next {@code count} sends fail with {@code errorCode}; 0 clears.
	 * @throws dev.wabagate.shared.ApiException 400 naming {@code channel} when it is no
	 * sandbox channel
	 */
	void injectFaults(Channel channel, int errorCode, int count);

	/**
	 * A template made outside Wabagate (as in WhatsApp Manager), approved on the
	 * sandbox's side only: the channel's catalogue learns of it by syncing.
	 */
	void addApprovedTemplate(Channel channel, String name, String language, String category, JsonNode components);

}
