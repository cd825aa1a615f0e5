package dev.wabagate.shared;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;
import org.jspecify.annotations.Nullable;

/**
 * Phone numbers as WhatsApp ids: E.164 digits without the '+'.
 */
public final class PhoneNumbers {

	private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

	private static final MetadataSource METADATA = DefaultMetadataDependenciesProvider.getInstance()
		.getPhoneNumberMetadataSource();

	/** The longest national number libphonenumber reads. */
	private static final int NATIONAL_MAX = 17;

	/** Indexed by number: whether it is a country calling code. */
	private static final boolean[] CALLING_CODES = new boolean[1000];

	static {
		for (int code : UTIL.getSupportedCallingCodes()) {
			CALLING_CODES[code] = true;
		}
	}

	/**
	 * Indexed by calling code, what {@link #isPlain} and the length check need of it,
	 * made the first time a number with that code is read (so only the metadata of the
	 * codes in use is loaded).
	 */
	private static final AtomicReferenceArray<CallingCode> BY_CODE = new AtomicReferenceArray<>(1000);

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
		String digits = writtenDigits(input.strip());
		if (digits == null) {
			return Optional.empty();
		}
		int codeLength = countryCodeLength(digits);
		if (codeLength > 0) {
			CallingCode code = callingCode(Integer.parseInt(digits, 0, codeLength, 10));
			if (code.isPlain(digits, codeLength)) {
				// The wa_id is the digits as written: country code, then national number.
				return code.isPossible(digits.length() - codeLength) ? Optional.of(digits) : Optional.empty();
			}
		}
		return parsed("+" + digits);
	}

	/**
	 * The digits of a number written with the characters Meta documents for {@code to}
	 * (digits, a leading +, - ( ) and spaces), or null when it has any other.
	 */
	private static @Nullable String writtenDigits(String written) {
		int start = (!written.isEmpty() && written.charAt(0) == '+') ? 1 : 0;
		if (start == written.length()) {
			return null;
		}
		boolean separated = false;
		for (int i = start; i < written.length(); i++) {
			char c = written.charAt(i);
			if (c == ' ' || c == '(' || c == ')' || c == '-') {
				separated = true;
			}
			else if (c < '0' || c > '9') {
				return null;
			}
		}
		if (!separated) {
			return written.substring(start);
		}
		StringBuilder digits = new StringBuilder(written.length());
		for (int i = start; i < written.length(); i++) {
			char c = written.charAt(i);
			if (c >= '0' && c <= '9') {
				digits.append(c);
			}
		}
		return digits.toString();
	}

	/**
	 * As libphonenumber reads a country code: the shortest prefix of at most three digits
	 * that is one, not starting with 0; 0 when there is none.
	 */
	private static int countryCodeLength(String digits) {
		if (digits.isEmpty() || digits.charAt(0) == '0') {
			return 0;
		}
		int code = 0;
		for (int length = 1; length <= 3 && length <= digits.length(); length++) {
			code = code * 10 + (digits.charAt(length - 1) - '0');
			if (CALLING_CODES[code]) {
				return length;
			}
		}
		return 0;
	}

	private static CallingCode callingCode(int code) {
		CallingCode known = BY_CODE.get(code);
		if (known == null) {
			// Computed again by a racing thread at worst: the answer is the same.
			known = CallingCode.of(code);
			BY_CODE.set(code, known);
		}
		return known;
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
	 * A country calling code as the shortcut for usual numbers sees it.
	 *
	 * @param geographic whether its main region is a region with metadata (not a
	 * non-geographic code, whose numbers are always parsed)
	 * @param literalPrefix the region's national prefix for parsing when it is plain
	 * digits, or null
	 * @param prefixPattern that prefix when it is a regular expression, or null
	 * @param possibleLengths bit n set when libphonenumber finds a national number of n
	 * digits possible under this code
	 */
	private record CallingCode(boolean geographic, @Nullable String literalPrefix, @Nullable Pattern prefixPattern,
			int possibleLengths) {

		static CallingCode of(int code) {
			String region = UTIL.getRegionCodeForCountryCode(code);
			PhoneMetadata metadata = UTIL.getSupportedRegions().contains(region) ? METADATA.getMetadataForRegion(region)
					: null;
			if (metadata == null) {
				return new CallingCode(false, null, null, 0);
			}
			// Whether a number is possible depends only on its code and the length of its
			// national number (libphonenumber's testNumberLength): asked once per length.
			int possibleLengths = 0;
			for (int length = 2; length <= NATIONAL_MAX; length++) {
				PhoneNumber number = new PhoneNumber().setCountryCode(code)
					.setNationalNumber(Long.parseLong("1" + "0".repeat(length - 1)));
				if (UTIL.isPossibleNumber(number)) {
					possibleLengths |= 1 << length;
				}
			}
			String prefix = metadata.getNationalPrefixForParsing();
			if (prefix.isEmpty()) {
				return new CallingCode(true, null, null, possibleLengths);
			}
			return prefix.chars().allMatch((c) -> c >= '0' && c <= '9')
					? new CallingCode(true, prefix, null, possibleLengths)
					: new CallingCode(true, null, Pattern.compile(prefix), possibleLengths);
		}

		/**
		 * Whether the number is a usual one: a geographic country code followed by a
		 * national number that starts neither with 0 nor with the region's national
		 * prefix. That national number is then all that libphonenumber's parse would
		 * keep, so its answer is had without the parse's cost (two thirds of which is
		 * regular expressions that find nothing to do in digits). Any other number is
		 * parsed in full. PhoneNumbersTests checks that both give the same answers.
		 */
		boolean isPlain(String digits, int codeLength) {
			int nationalLength = digits.length() - codeLength;
			if (!this.geographic || nationalLength < 2 || nationalLength > NATIONAL_MAX
					|| digits.charAt(codeLength) == '0') {
				return false;
			}
			if (this.literalPrefix != null) {
				return !digits.startsWith(this.literalPrefix, codeLength);
			}
			if (this.prefixPattern != null) {
				return !this.prefixPattern.matcher(digits).region(codeLength, digits.length()).lookingAt();
			}
			return true;
		}

		boolean isPossible(int nationalLength) {
			return (this.possibleLengths & (1 << nationalLength)) != 0;
		}

	}

}
