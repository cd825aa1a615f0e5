package dev.wabagate.upstream;

/** A WhatsApp provider: the sandbox simulator or Meta's Cloud API. */
public interface MessagingProvider {

	/** The provider's name as stored on channels: {@code sandbox} or {@code meta}. */
	String name();

	/**
	 * Hands one message to the provider. Never throws for provider or network failures:
	 * those are outcomes ({@link SendOutcome.RetryLater} or
	 * {@link SendOutcome.Rejected}).
	 */
	SendOutcome send(OutboundMessage message);

}
