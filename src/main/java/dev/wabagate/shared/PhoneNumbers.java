package dev.wabagate.shared;

import java.util.Optional;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;

/**
 * Phone numbers as WhatsApp ids: E.164 digits without the '+'.
 */
public final class PhoneNumbers {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	/**
	 * The characters Meta documents for {@code to}: digits, a leading +, - ( ) and
	 * spaces.
	 */
	private static final Pattern WRITTEN_NUMBER = Pattern.compile("\\+?[0-9 ()\\-]+");

	private PhoneNumbers() {
	}

	/**
	 * The WhatsApp id of {@code input}, or empty when it is not a possible number. A
	 * number without '+' is read as already carrying its country code (the seed's
	 * {@code 919999999999}), never prefixed with the business number's country code as
	 * Meta would. Possibility rather than validity is checked: validity tables lag behind
	 * real number ranges, and the seed's placeholder number is not "valid".
	 */
	public static Optional<String> toWaId(String input) {
		String written = input.strip();
		if (!WRITTEN_NUMBER.matcher(written).matches()) {
			return Optional.empty();
		}
		StringBuilder digits = new StringBuilder(written.length() + 1).append('+');
		written.chars().filter(Character::isDigit).forEach(digits::appendCodePoint);
		try {
			PhoneNumber number = UTIL.parse(digits, null);
			if (!UTIL.isPossibleNumber(number)) {
				return Optional.empty();
			}
			return Optional.of(UTIL.format(number, PhoneNumberFormat.E164).substring(1));
		}
		catch (NumberParseException ex) {
			return Optional.empty();
		}
	}

}
