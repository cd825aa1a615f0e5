package dev.wabagate.accounts;

import java.time.Instant;

/** A business using the gateway. */
public record Account(String id, String name, Instant createdAt) {
}
