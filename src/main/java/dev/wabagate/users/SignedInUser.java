package dev.wabagate.users;

import java.io.Serializable;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.AuthenticatedPrincipal;

/**
 * Who is signed in, as kept in the session (serialised into the shared session table).
 *
 * @param accountId the user's account; null for operators
 */
public record SignedInUser(String id, @Nullable String accountId, String email, String displayName,
		Role role) implements AuthenticatedPrincipal, Serializable {

	@Override
	public String getName() {
		return this.email;
	}

	public boolean isOperator() {
		return this.role == Role.OPERATOR;
	}

}
