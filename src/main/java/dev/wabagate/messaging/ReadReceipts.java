package dev.wabagate.messaging;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiException;
import dev.wabagate.upstream.Providers;

import org.springframework.stereotype.Service;

/**
 * Marks a customer's message read (the customer sees blue ticks), with an optional typing
 * indicator. The web inbox and {@code PUT /v1/messages/{id}} call it.
 */
@Service
public class ReadReceipts {

	private final Providers providers;

	private final MessageQueries messages;

	ReadReceipts(Providers providers, MessageQueries messages) {
		this.providers = providers;
		this.messages = messages;
	}

	/**
	 * @param customerMessageId the customer message's id as the webhook gave it (a
	 * wamid); another channel's message, or one never received, is a 404
	 * @throws ApiException 400 for one of the business's own messages, 503 with
	 * {@code Retry-After} when the provider is unavailable
	 */
	public void markRead(Channel channel, String customerMessageId, boolean typingIndicator) {
		if (this.messages.find(channel, customerMessageId).isPresent()) {
			throw ApiException.invalid("id", "customer_message", null, "Message " + customerMessageId
					+ " was sent by this business; only a customer's message (its id from the webhook) can be marked read");
		}
		this.providers.of(channel).markRead(channel, customerMessageId, typingIndicator);
	}

}
