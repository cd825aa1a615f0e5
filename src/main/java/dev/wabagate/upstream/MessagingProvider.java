package dev.wabagate.upstream;

import dev.wabagate.accounts.ProviderKind;

/** A WhatsApp provider: the sandbox simulator or Meta's Cloud API. */
public interface MessagingProvider {

	/** Which channels this provider carries. */
	ProviderKind kind();

	/**
	 * Hands one message to the provider. Never throws for provider or network failures:
	 * those are outcomes ({@link SendOutcome.RetryLater} or
	 * {@link SendOutcome.Rejected}).
	 */
	SendOutcome send(OutboundMessage message);

}
