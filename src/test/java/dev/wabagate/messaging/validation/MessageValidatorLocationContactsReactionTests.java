package dev.wabagate.messaging.validation;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.wabagate.upstream.MessageType;

import static org.assertj.core.api.Assertions.assertThat;

class MessageValidatorLocationContactsReactionTests {

	private static final @Nullable String ABSENT = null;

	private static final String CONTACT = "contacts[0]";

	static Stream<Refusal> locationRefusals() {
		return Stream.of(Refusal.of("location", "location", ABSENT, "location", "required", null),
				Refusal.of("location", "location.latitude", ABSENT, "location.latitude", "required", null),
				Refusal.of("location", "location.latitude", "91", "location.latitude", "range", List.of(-90, 90)),
				Refusal.of("location", "location.latitude", "'-90.5'", "location.latitude", "range", List.of(-90, 90)),
				Refusal.of("location", "location.latitude", "'north'", "location.latitude", "type",
						"number or numeric string"),
				Refusal.of("location", "location.longitude", ABSENT, "location.longitude", "required", null),
				Refusal.of("location", "location.longitude", "180.01", "location.longitude", "range",
						List.of(-180, 180)),
				Refusal.of("location", "location.longitude", "true", "location.longitude", "type",
						"number or numeric string"),
				Refusal.of("location", "location.name", "5", "location.name", "type", "string"),
				Refusal.of("location", "location.address", "{}", "location.address", "type", "string"),
				Refusal.of("location", "location.url", "'https://maps'", "location.url", "unknown_field",
						List.of("address", "latitude", "longitude", "name")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void locationRefusals(Refusal refusal) {
		refusal.assertRefused();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{'latitude':-90,'longitude':180}", "{'latitude':'90','longitude':'-180.0'}",
			"{'latitude':0.000001,'longitude':'77.5946'}" })
	void locationAcceptsNumbersAndNumericStringsWithinRange(String location) {
		var message = Messages.with(Messages.valid("location"), "location", Messages.json(location));
		assertThat(new MessageValidator().validate(message).type()).isEqualTo(MessageType.LOCATION);
	}

	static Stream<Refusal> contactsRefusals() {
		return Stream.of(Refusal.of("contacts", "contacts", ABSENT, "contacts", "required", null),
				Refusal.of("contacts", "contacts", "[]", "contacts", "min_items", 1),
				Refusal.of("contacts", "contacts", "{}", "contacts", "type", "array"),
				Refusal.of("contacts", "contacts", contacts(258), "contacts", "max_items", 257),
				Refusal.of("contacts", CONTACT, "'Jane'", CONTACT, "type", "object"),
				Refusal.of("contacts", CONTACT + ".name", ABSENT, CONTACT + ".name", "required", null),
				Refusal.of("contacts", CONTACT + ".name.formatted_name", ABSENT, CONTACT + ".name.formatted_name",
						"required", null),
				Refusal.of("contacts", CONTACT + ".name.nickname", "'J'", CONTACT + ".name.nickname", "unknown_field",
						List.of("first_name", "formatted_name", "last_name", "middle_name", "prefix", "suffix")),
				Refusal.of("contacts", CONTACT + ".birthday", "'28-02-1990'", CONTACT + ".birthday", "format",
						"YYYY-MM-DD"),
				Refusal.of("contacts", CONTACT + ".birthday", "'1990-02-30'", CONTACT + ".birthday", "format",
						"YYYY-MM-DD"),
				Refusal.of("contacts", CONTACT + ".phones", "{'phone':'+1 650 555 1234'}", CONTACT + ".phones", "type",
						"array"),
				Refusal.of("contacts", CONTACT + ".phones[0]", "'+1 650 555 1234'", CONTACT + ".phones[0]", "type",
						"object"),
				Refusal.of("contacts", CONTACT + ".phones[0].phone", "16505551234", CONTACT + ".phones[0].phone",
						"type", "string"),
				Refusal.of("contacts", CONTACT + ".emails[0].mail", "'j@example.com'", CONTACT + ".emails[0].mail",
						"unknown_field", List.of("email", "type")),
				Refusal.of("contacts", CONTACT + ".urls", "'https://example.com'", CONTACT + ".urls", "type", "array"),
				Refusal.of("contacts", CONTACT + ".addresses[0].city", "1", CONTACT + ".addresses[0].city", "type",
						"string"),
				Refusal.of("contacts", CONTACT + ".org.company", "[]", CONTACT + ".org.company", "type", "string"),
				Refusal.of("contacts", CONTACT + ".photo", "'x'", CONTACT + ".photo", "unknown_field",
						List.of("addresses", "birthday", "emails", "name", "org", "phones", "urls")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void contactsRefusals(Refusal refusal) {
		refusal.assertRefused();
	}

	@Test
	void contactsFollowTheCurrentGuideLimitOf257() {
		var message = Messages.with(Messages.valid("contacts"), "contacts", Messages.json(contacts(257)));
		assertThat(new MessageValidator().validate(message).type()).isEqualTo(MessageType.CONTACTS);
	}

	static Stream<Refusal> reactionRefusals() {
		return Stream.of(Refusal.of("reaction", "reaction", ABSENT, "reaction", "required", null),
				Refusal.of("reaction", "reaction.message_id", ABSENT, "reaction.message_id", "required", null),
				Refusal.of("reaction", "reaction.message_id", "''", "reaction.message_id", "min_length", 1),
				Refusal.of("reaction", "reaction.emoji", ABSENT, "reaction.emoji", "required", null),
				Refusal.of("reaction", "reaction.emoji", "128512", "reaction.emoji", "type", "string"),
				Refusal.of("reaction", "reaction.emoji", "null", "reaction.emoji", "type", "string"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void reactionRefusals(Refusal refusal) {
		refusal.assertRefused();
	}

	@ParameterizedTest
	@ValueSource(strings = { "'👍'", "'\\uD83D\\uDE00'", "''" })
	void reactionAcceptsAnEmojiOrEmptyToRemoveTheReaction(String emoji) {
		var message = Messages.with(Messages.valid("reaction"), "reaction.emoji", Messages.json(emoji));
		assertThat(new MessageValidator().validate(message).type()).isEqualTo(MessageType.REACTION);
	}

	private static String contacts(int count) {
		return Stream.generate(() -> "{'name':{'formatted_name':'Jane Doe'}}")
			.limit(count)
			.collect(Collectors.joining(",", "[", "]"));
	}

}
