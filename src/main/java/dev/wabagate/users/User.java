package dev.wabagate.users;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A person who signs in; the password hash never leaves this module. */
public record User(String id, @Nullable String accountId, String email, String displayName, Role role,
		Instant createdAt) {
}
