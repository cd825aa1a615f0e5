package dev.wabagate.shared;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;

/**
 * Phone numbers as WhatsApp ids: E.164 digits without the '+'.
 */
public final class PhoneNumbers {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	private static final MetadataSource METADATA = DefaultMetadataDependenciesProvider.getInstance()
		.getPhoneNumberMetadataSource();

	/**
	 * The characters Meta documents for {@code to}: digits, a leading +, - ( ) and
	 * spaces.
	 */
	private static final Pattern WRITTEN_NUMBER = Pattern.compile("\\+?[0-9 ()\\-]+");

	private static final Set<Integer> CALLING_CODES = UTIL.getSupportedCallingCodes();

	/** Per region, the national prefix that libphonenumber strips when it parses. */
	private static final Map<String, Optional<Pattern>> NATIONAL_PREFIXES = new ConcurrentHashMap<>();

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
		PhoneNumber number = new PhoneNumber();
		StringBuilder national = new StringBuilder(digits.length());
		if (!isPlain(digits, number, national)) {
			return parsed(digits);
		}
		number.setNationalNumber(Long.parseLong(national.toString()));
		return UTIL.isPossibleNumber(number) ? Optional.of(number.getCountryCode() + national.toString())
				: Optional.empty();
	}

	/** libphonenumber's full parse: normalisation, extensions, national prefixes. */
	private static Optional<String> parsed(CharSequence plusDigits) {
		try {
			PhoneNumber number = UTIL.parse(plusDigits, null);
			if (!UTIL.isPossibleNumber(number)) {
				return Optional.empty();
			}
			return Optional.of(UTIL.format(number, PhoneNumberFormat.E164).substring(1));
		}
		catch (NumberParseException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Whether the number is a usual one: a geographic country code followed by a national
	 * number that starts neither with 0 nor with the region's national prefix. That
	 * national number is then all that libphonenumber's parse would keep, so its answer
	 * is had without the parse's cost (two thirds of which is regular expressions that
	 * find nothing to do in '+' and digits). Any other number is parsed in full.
	 * PhoneNumbersTests checks that both give the same answers.
	 * @param number receives the country code
	 * @param national receives the national number (digits after the country code)
	 */
	private static boolean isPlain(CharSequence plusDigits, PhoneNumber number, StringBuilder national) {
		// As libphonenumber reads a country code: the shortest prefix that is one.
		int countryCode = 0;
		for (int length = 1; length <= 3 && length < plusDigits.length() && plusDigits.charAt(1) != '0'; length++) {
			int prefix = Integer.parseInt(plusDigits, 1, 1 + length, 10);
			if (CALLING_CODES.contains(prefix)) {
				countryCode = prefix;
				national.append(plusDigits, 1 + length, plusDigits.length());
				break;
			}
		}
		number.setCountryCode(countryCode);
		String region = UTIL.getRegionCodeForCountryCode(countryCode);
		if (countryCode == 0 || !UTIL.getSupportedRegions().contains(region) || national.length() < 2
				|| national.length() > 17 || national.charAt(0) == '0') {
			return false;
		}
		PhoneMetadata metadata = METADATA.getMetadataForRegion(region);
		return metadata != null
				&& nationalPrefix(region, metadata).map((prefix) -> !prefix.matcher(national).lookingAt()).orElse(true);
	}

	private static Optional<Pattern> nationalPrefix(String region, PhoneMetadata metadata) {
		return NATIONAL_PREFIXES.computeIfAbsent(region, (r) -> {
			String prefix = metadata.getNationalPrefixForParsing();
			return prefix.isEmpty() ? Optional.empty() : Optional.of(Pattern.compile(prefix));
		});
	}

}
