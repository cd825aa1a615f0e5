package dev.wabagate.users;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a user may do: agents work their account's inbox, admins also invite agents and
 * run their account's console, operators run the whole gateway's console.
 */
public enum Role {

	AGENT, ADMIN, OPERATOR;

	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public boolean belongsToAccount() {
		return this != OPERATOR;
	}

	public static Optional<Role> of(String name) {
		return Arrays.stream(values()).filter((role) -> role.wireName().equalsIgnoreCase(name.strip())).findFirst();
	}

	public static List<String> wireNames() {
		return Arrays.stream(values()).map(Role::wireName).toList();
	}

}
