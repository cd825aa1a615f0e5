package dev.wabagate.users;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Checks an email and password. Repeated failures lock the user out for a growing time
 * (see {@link Users#signInFailed}); an unknown email costs the same hash comparison as a
 * known one, so timing does not tell which emails exist.
 */
@Component
class PasswordSignIn implements AuthenticationProvider {

	private final Users users;

	private final Clock clock;

	private final String unknownUserHash;

	PasswordSignIn(Users users, PasswordEncoder passwords, Clock clock) {
		this.users = users;
		this.clock = clock;
		this.unknownUserHash = passwords.encode("no such user, no such password");
	}

	@Override
	public Authentication authenticate(Authentication authentication) {
		String email = authentication.getName();
		String password = String.valueOf(authentication.getCredentials());
		Optional<Users.Credentials> found = this.users.credentials(email);
		if (found.isEmpty()) {
			this.users.matches(password, this.unknownUserHash);
			throw new BadCredentialsException("Wrong email or password");
		}
		Users.Credentials credentials = found.get();
		Instant now = this.clock.instant();
		if (credentials.lockedUntil() != null && credentials.lockedUntil().isAfter(now)) {
			throw locked(credentials.lockedUntil(), now);
		}
		if (!this.users.matches(password, credentials.passwordHash())) {
			Optional<Instant> lockedUntil = this.users.signInFailed(credentials);
			if (lockedUntil.isPresent()) {
				throw locked(lockedUntil.get(), now);
			}
			throw new BadCredentialsException("Wrong email or password");
		}
		this.users.signInSucceeded(credentials);
		User user = credentials.user();
		SignedInUser principal = new SignedInUser(user.id(), user.accountId(), user.email(), user.displayName(),
				user.role());
		return UsernamePasswordAuthenticationToken.authenticated(principal, null,
				List.of(new SimpleGrantedAuthority("ROLE_" + user.role().name())));
	}

	private static LockedException locked(Instant until, Instant now) {
		long minutes = Math.max(1, Duration.between(now, until).toSeconds() / 60 + 1);
		return new LockedException("Too many failed sign-ins: try again in " + minutes + " minute(s)");
	}

	@Override
	public boolean supports(Class<?> authentication) {
		return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
	}

}
