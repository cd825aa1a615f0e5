package dev.wabagate.crm;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.wabagate.shared.PhoneNumbers;

/** The kinds of value a custom field holds, and what each accepts. */
enum CustomFieldType {

	TEXT, NUMBER, DATE, BOOLEAN, EMAIL, PHONE, URL;

	private static final Pattern EMAIL_PATTERN = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

	private static final Pattern NUMBER_PATTERN = Pattern.compile("-?\\d+(\\.\\d+)?");

	String wireName() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Optional<CustomFieldType> of(String name) {
		return Arrays.stream(values()).filter((type) -> type.wireName().equalsIgnoreCase(name.strip())).findFirst();
	}

	static List<String> wireNames() {
		return Arrays.stream(values()).map(CustomFieldType::wireName).toList();
	}

	/** What a valid value looks like, for error messages. */
	String expected() {
		return switch (this) {
			case TEXT -> "any text";
			case NUMBER -> "a number like 42 or -3.5";
			case DATE -> "a date like 2025-01-31";
			case BOOLEAN -> "true or false";
			case EMAIL -> "an email address";
			case PHONE -> "a phone number in international format";
			case URL -> "an http(s) URL";
		};
	}

	boolean accepts(String value) {
		return switch (this) {
			case TEXT -> true;
			case NUMBER -> NUMBER_PATTERN.matcher(value).matches();
			case DATE -> isDate(value);
			case BOOLEAN -> value.equals("true") || value.equals("false");
			case EMAIL -> EMAIL_PATTERN.matcher(value).matches();
			case PHONE -> PhoneNumbers.toWaId(value).isPresent();
			case URL -> isUrl(value);
		};
	}

	private static boolean isDate(String value) {
		try {
			LocalDate.parse(value);
			return true;
		}
		catch (DateTimeParseException ex) {
			return false;
		}
	}

	private static boolean isUrl(String value) {
		try {
			URI uri = URI.create(value);
			return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

}
