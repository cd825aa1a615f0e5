package dev.wabagate.upstream;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The kinds of message a business can send, by their Cloud API {@code type}. */
public enum MessageType {

	TEXT, IMAGE, AUDIO, VIDEO, DOCUMENT, STICKER, LOCATION, CONTACTS, INTERACTIVE, TEMPLATE, REACTION;

	/** Read on every accept and every claimed message: looked up, not searched. */
	private static final Map<String, MessageType> BY_WIRE_NAME = Arrays.stream(values())
		.collect(Collectors.toUnmodifiableMap(MessageType::wireName, Function.identity()));

	private final String wireName = name().toLowerCase(Locale.ROOT);

	/**
	 * The {@code type} as WhatsApp writes it, which is also the name of its content
	 * field.
	 */
	public String wireName() {
		return this.wireName;
	}

	public static Optional<MessageType> fromWire(String type) {
		return (type != null) ? Optional.ofNullable(BY_WIRE_NAME.get(type)) : Optional.empty();
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
