package dev.wabagate.shared;

import java.util.Optional;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Phone numbers as WhatsApp ids: E.164 digits without the '+'. A number written without
 * '+' is read as already carrying its country code, as WhatsApp ids and the seed's
 * examples do.
 */
public final class PhoneNumbers {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	private PhoneNumbers() {
	}

	/**
	 * The WhatsApp id of {@code input}, or empty when it is not a possible phone number.
	 */
	public static Optional<String> toWaId(String input) {
		String trimmed = input.strip();
		if (trimmed.isEmpty() || !trimmed.matches("[+0-9 ()\\-.]+")) {
			return Optional.empty();
		}
		String international = trimmed.startsWith("+") ? trimmed : "+" + trimmed;
		try {
			PhoneNumber number = UTIL.parse(international, "ZZ");
			if (!UTIL.isPossibleNumber(number)) {
				return Optional.empty();
			}
			return Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164).substring(1));
		}
		catch (NumberParseException ex) {
			return Optional.empty();
		}
	}

}
