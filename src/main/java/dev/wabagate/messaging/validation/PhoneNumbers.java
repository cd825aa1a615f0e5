package dev.wabagate.messaging.validation;

import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.jspecify.annotations.Nullable;

/**
 * Turns the {@code to} a client wrote into a WhatsApp id (digits-only E.164).
 */
final class PhoneNumbers {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	/**
	 * The characters Meta documents for {@code to}: digits, a leading +, - ( ) and
	 * spaces.
	 */
	private static final Pattern WRITTEN_NUMBER = Pattern.compile("\\+?[0-9 ()\\-]+");

	private PhoneNumbers() {
	}

	/**
	 * Returns the wa_id, or {@code null} when {@code input} is not a possible number. A
	 * number without '+' is read as already carrying its country code (the seed's
	 * {@code 919999999999}), never prefixed with the business number's country code as
	 * Meta would. Possibility rather than validity is checked: validity tables lag behind
	 * real number ranges, and the seed's placeholder number is not "valid".
	 */
	static @Nullable String toWaId(String input) {
		String written = input.strip();
		if (!WRITTEN_NUMBER.matcher(written).matches()) {
			return null;
		}
		String digits = written.replaceAll("[^0-9]", "");
		try {
			PhoneNumber number = UTIL.parse("+" + digits, null);
			if (!UTIL.isPossibleNumber(number)) {
				return null;
			}
			return UTIL.format(number, PhoneNumberFormat.E164).substring(1);
		}
		catch (NumberParseException ex) {
			return null;
		}
	}

}
