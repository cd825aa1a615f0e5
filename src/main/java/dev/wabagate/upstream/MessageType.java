package dev.wabagate.upstream;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The kinds of message a business can send, by their Cloud API {@code type}. */
public enum MessageType {

	TEXT, IMAGE, AUDIO, VIDEO, DOCUMENT, STICKER, LOCATION, CONTACTS, INTERACTIVE, TEMPLATE, REACTION;

	/**
	 * The {@code type} as WhatsApp writes it, which is also the name of its content
	 * field.
	 */
	public String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Optional<MessageType> fromWire(String type) {
		return Arrays.stream(values()).filter((kind) -> kind.wireName().equals(type)).findFirst();
	}

	public static List<String> wireNames() {
		return Arrays.stream(values()).map(MessageType::wireName).toList();
	}

	/**
	 * Whether this is a session message, which WhatsApp delivers only inside the 24-hour
	 * customer service window; templates are the one way to write first.
	 */
	public boolean needsOpenWindow() {
		return this != TEMPLATE;
	}

}
