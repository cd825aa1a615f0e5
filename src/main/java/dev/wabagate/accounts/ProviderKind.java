package dev.wabagate.accounts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which provider carries a channel's messages. Stored on channels (and shown in the API)
 * by its {@link #wireName()}.
 */
public enum ProviderKind {

	/** The built-in WhatsApp simulator. */
	SANDBOX("sandbox"),

	/** Meta's WhatsApp Cloud API. */
	META("meta");

	private final String wireName;

	ProviderKind(String wireName) {
		this.wireName = wireName;
	}

	@JsonValue
	public String wireName() {
		return this.wireName;
	}

	/**
	 * Reads a provider name as operators write it: case and surrounding blanks ignored.
	 */
	public static Optional<ProviderKind> of(String name) {
		String wanted = name.strip().toLowerCase(Locale.ROOT);
		return Arrays.stream(values()).filter((kind) -> kind.wireName.equals(wanted)).findFirst();
	}

	public static List<String> wireNames() {
		return Arrays.stream(values()).map(ProviderKind::wireName).toList();
	}

	@Override
	public String toString() {
		return this.wireName;
	}

}
