package dev.wabagate.accounts;

/** A channel was created; published inside the creating transaction. */
public record ChannelCreated(Channel channel) {
}
