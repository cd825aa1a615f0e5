package dev.wabagate.messaging.validation;

import dev.wabagate.shared.PhoneNumbers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class MessageValidatorPhoneNumberTests {

	@ParameterizedTest(name = "\"{0}\" -> {1}")
	@CsvSource(delimiter = '|',
			value = { "919999999999 | 919999999999", "+91 99999 99999 | 919999999999",
					"+1 (650) 555-1234 | 16505551234", "16505551234 | 16505551234", "+44 20 7946 0958 | 442079460958",
					"' +55 11 91234-5678 ' | 5511912345678" })
	void normalisesToDigitsOnlyE164(String to, String waId) {
		ValidatedMessage message = new MessageValidator()
			.validate(Messages.with(Messages.valid("text"), "to", Messages.json("'" + to + "'")));
		assertThat(message.recipientInput()).isEqualTo(to);
		assertThat(message.recipientWaId()).isEqualTo(waId);
		assertThat(message.cloudPayload().get("to").stringValue()).isEqualTo("+" + waId);
	}

	@ParameterizedTest(name = "\"{0}\" refused")
	@ValueSource(strings = { "abc", "91999999999a", "+91 99999 ext 9", "12345", "+1", "91 99999 99999 99999 999",
			"++919999999999", "+91 99999 99999+", "919999999999@s.whatsapp.net" })
	void refusesWhatIsNotAPossibleNumber(String to) {
		Refusal.of("text", "to", "'" + to + "'", "to", "phone_number", "E.164").assertRefused();
		assertThat(PhoneNumbers.toWaId(to)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   " })
	void refusesBlankNumbers(String to) {
		Refusal.of("text", "to", "'" + to + "'", "to", "min_length", 1).assertRefused();
	}

}
