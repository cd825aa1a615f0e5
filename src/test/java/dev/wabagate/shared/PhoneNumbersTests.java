package dev.wabagate.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhoneNumbersTests {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	@Test
	void readsNumbersWithTheirCountryCodeWithOrWithoutPlusAndSeparators() {
		assertThat(PhoneNumbers.toWaId("919999999999")).hasValue("919999999999");
		assertThat(PhoneNumbers.toWaId("+91 99999 99999")).hasValue("919999999999");
		assertThat(PhoneNumbers.toWaId("+1 (415) 555-0123")).hasValue("14155550123");
		assertThat(PhoneNumbers.toWaId(" +44 7700 900123 ")).hasValue("447700900123");
	}

	@Test
	void dropsANationalPrefixWrittenAfterTheCountryCode() {
		assertThat(PhoneNumbers.toWaId("+44 07700 900123")).hasValue("447700900123");
	}

	@Test
	void refusesWhatCannotBeANumber() {
		assertThat(PhoneNumbers.toWaId("12")).isEmpty();
		assertThat(PhoneNumbers.toWaId("+999 1234567")).isEmpty();
		assertThat(PhoneNumbers.toWaId("4477009001231234567890")).isEmpty();
		assertThat(PhoneNumbers.toWaId("+44 7700 9001x")).isEmpty();
		assertThat(PhoneNumbers.toWaId("")).isEmpty();
	}

	/**
	 * The shortcut for usual numbers must answer as libphonenumber's full parse does: for
	 * every country calling code, national numbers of every length, with and without a
	 * leading 0 or 1, some random and some of only one digit.
	 */
	@Test
	void answersAsLibphonenumbersFullParseForEveryCountryCode() {
		Random random = new Random(9);
		List<String> inputs = new ArrayList<>();
		for (int countryCode : UTIL.getSupportedCallingCodes()) {
			for (int length = 1; length <= 16; length++) {
				for (String lead : List.of("", "0", "1", "9")) {
					StringBuilder national = new StringBuilder(lead);
					while (national.length() < length) {
						national.append(random.nextInt(10));
					}
					inputs.add(countryCode + national.toString());
					inputs.add("+" + countryCode + " " + national);
					inputs.add(countryCode + String.valueOf(lead.isEmpty() ? '5' : lead.charAt(0)).repeat(length));
				}
			}
		}
		for (String input : inputs) {
			assertThat(PhoneNumbers.toWaId(input)).as(input).isEqualTo(fullParse(input));
		}
	}

	private static Optional<String> fullParse(String input) {
		try {
			PhoneNumber number = UTIL.parse("+" + input.replaceAll("[^0-9]", ""), null);
			return UTIL.isPossibleNumber(number) ? Optional.of(UTIL.format(number, PhoneNumberFormat.E164).substring(1))
					: Optional.empty();
		}
		catch (NumberParseException ex) {
			return Optional.empty();
		}
	}

}
