package dev.wabagate.users;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.Ids;
import dev.wabagate.shared.Violations;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Users and their passwords. A password is only ever stored as its slow hash; a new user
 * gets a random one, shown once to whoever created them.
 */
@Service
public class Users {

	static final int MIN_PASSWORD_LENGTH = 12;

	/** Failed sign-ins in a row before the user is locked out for a while. */
	static final int FAILURES_BEFORE_LOCK = 5;

	private static final Duration FIRST_LOCK = Duration.ofMinutes(1);

	private static final Duration LONGEST_LOCK = Duration.ofHours(1);

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

	private static final String SELECT = "select id, account_id, email, display_name, role, created_at from users";

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	private final Clock clock;

	Users(JdbcClient jdbc, PasswordEncoder passwords, Clock clock) {
		this.jdbc = jdbc;
		this.passwords = passwords;
		this.clock = clock;
	}

	/** A user just created, with the password to hand over (shown once). */
	public record CreatedUser(User user, String password) {
	}

	/**
	 * Creates a user with a random password. Users of an account (agents, admins) name
	 * it; operators must not.
	 */
	public CreatedUser create(@Nullable String accountId, String email, String displayName, Role role) {
		return create(accountId, email, displayName, role, Ids.secret(15));
	}

	/** Creates a user with a chosen password (at least 12 characters). */
	public CreatedUser create(@Nullable String accountId, String email, String displayName, Role role,
			String password) {
		Violations violations = new Violations();
		String normalisedEmail = normalised(email);
		if (normalisedEmail.length() > 254 || !EMAIL.matcher(normalisedEmail).matches()) {
			violations.invalid("email", "email", 254, "email must be an email address of at most 254 characters");
		}
		if (displayName.isBlank() || displayName.length() > 100) {
			violations.invalid("display_name", "length", 100, "display_name is required, at most 100 characters");
		}
		if (role.belongsToAccount() != (accountId != null)) {
			violations.invalid("role", "account", null, role.belongsToAccount()
					? "an " + role.wireName() + " belongs to an account" : "an operator belongs to no account");
		}
		if (password.length() < MIN_PASSWORD_LENGTH) {
			violations.invalid("password", "min_length", MIN_PASSWORD_LENGTH,
					"password must be at least " + MIN_PASSWORD_LENGTH + " characters");
		}
		violations.throwIfAny();
		User user = new User(Ids.next("usr"), accountId, normalisedEmail, displayName.strip(), role,
				this.clock.instant());
		try {
			this.jdbc.sql("""
					insert into users (id, account_id, email, display_name, role, password_hash, created_at)
					values (?, ?, ?, ?, ?, ?, ?)""")
				.params(user.id(), accountId, user.email(), user.displayName(), role.wireName(),
						this.passwords.encode(password), Timestamp.from(user.createdAt()))
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw ApiException.conflict("A user with the email " + user.email() + " already exists");
		}
		return new CreatedUser(user, password);
	}

	public Optional<User> find(String userId) {
		return this.jdbc.sql(SELECT + " where id = ?").param(userId).query(Users::user).optional();
	}

	public Optional<User> findByEmail(String email) {
		return this.jdbc.sql(SELECT + " where email = ?").param(normalised(email)).query(Users::user).optional();
	}

	/** The users of an account, agents and admins alike, by name. */
	public List<User> ofAccount(String accountId) {
		return this.jdbc.sql(SELECT + " where account_id = ? order by display_name, id")
			.param(accountId)
			.query(Users::user)
			.list();
	}

	record Credentials(User user, String passwordHash, int failedSignIns, @Nullable Instant lockedUntil) {
	}

	Optional<Credentials> credentials(String email) {
		return this.jdbc.sql("""
				select id, account_id, email, display_name, role, created_at, password_hash, failed_sign_ins,
				    locked_until from users where email = ?""").param(normalised(email)).query((rs, i) -> {
			Timestamp locked = rs.getTimestamp(9);
			return new Credentials(user(rs, i), rs.getString(7), rs.getInt(8),
					(locked != null) ? locked.toInstant() : null);
		}).optional();
	}

	/**
	 * Counts a failed sign-in; from the fifth in a row the user is locked out, for a
	 * minute and then twice as long each time, at most an hour.
	 * @return until when the user is now locked out, if they are
	 */
	Optional<Instant> signInFailed(Credentials credentials) {
		int failures = credentials.failedSignIns() + 1;
		Instant lockedUntil = null;
		if (failures >= FAILURES_BEFORE_LOCK) {
			int doublings = Math.min(failures - FAILURES_BEFORE_LOCK, 6);
			Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
			lockedUntil = this.clock.instant().plus((lock.compareTo(LONGEST_LOCK) > 0) ? LONGEST_LOCK : lock);
		}
		this.jdbc.sql("update users set failed_sign_ins = ?, locked_until = ? where id = ?")
			.params(failures, (lockedUntil != null) ? Timestamp.from(lockedUntil) : null, credentials.user().id())
			.update();
		return Optional.ofNullable(lockedUntil);
	}

	void signInSucceeded(Credentials credentials) {
		if (credentials.failedSignIns() > 0 || credentials.lockedUntil() != null) {
			this.jdbc.sql("update users set failed_sign_ins = 0, locked_until = null where id = ?")
				.param(credentials.user().id())
				.update();
		}
	}

	boolean matches(String password, String hash) {
		return this.passwords.matches(password, hash);
	}

	private static String normalised(String email) {
		return email.strip().toLowerCase(Locale.ROOT);
	}

	private static User user(ResultSet rs, int row) throws SQLException {
		return new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
				Role.of(rs.getString(5)).orElseThrow(), rs.getTimestamp(6).toInstant());
	}

}
