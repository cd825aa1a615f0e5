package dev.wabagate.messaging.validation;

import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ErrorCodes;
import dev.wabagate.upstream.MessageType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

class MessageValidatorEnvelopeTests {

	private static final @Nullable String ABSENT = null;

	private static final List<String> TOP_LEVEL_FIELDS = List.of("audio", "biz_opaque_callback_data", "contacts",
			"context", "document", "image", "interactive", "location", "messaging_product", "preview_url", "reaction",
			"recipient_type", "sticker", "template", "text", "to", "type", "video");

	static Stream<Refusal> envelopeRefusals() {
		return Stream.of(Refusal.of("text", "to", ABSENT, "to", "required", null),
				Refusal.of("text", "to", "12345", "to", "type", "string"),
				Refusal.of("text", "to", "'call me'", "to", "phone_number", "E.164"),
				Refusal.of("text", "type", ABSENT, "type", "required", null),
				Refusal.of("text", "type", "'fax'", "type", "one_of", MessageValidator.MESSAGE_TYPES),
				Refusal.of("text", "type", "1", "type", "type", "string"),
				Refusal.of("text", "recipient_type", "'broadcast'", "recipient_type", "one_of",
						List.of("individual", "group")),
				Refusal.of("text", "messaging_product", "'sms'", "messaging_product", "one_of", List.of("whatsapp")),
				Refusal.of("text", "context", "{}", "context.message_id", "required", null),
				Refusal.of("text", "context", "{'message_id':7}", "context.message_id", "type", "string"),
				Refusal.of("text", "context", "'wamid.1'", "context", "type", "object"),
				Refusal.of("text", "context", "{'message_id':'wamid.1','from':'x'}", "context.from", "unknown_field",
						List.of("message_id")),
				Refusal.of("reaction", "context", "{'message_id':'wamid.1'}", "context", "not_allowed", null),
				Refusal.of("text", "biz_opaque_callback_data", Messages.text(513), "biz_opaque_callback_data",
						"max_length", 512),
				Refusal.of("text", "colour", "'red'", "colour", "unknown_field", TOP_LEVEL_FIELDS),
				Refusal.of("text", "image", "{'link':'https://example.com/a.jpg'}", "image", "not_allowed", null),
				Refusal.of("image", "preview_url", "true", "preview_url", "not_allowed", null),
				Refusal.of("text", "preview_url", "true", "preview_url", "not_allowed", null),
				Refusal.of("audio", "preview_url", "'yes'", "preview_url", "not_allowed", null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void envelopeRefusals(Refusal refusal) {
		refusal.assertRefused();
	}

	@Test
	void acceptsEnvelopeExtrasCloudClientsSend() {
		ValidatedMessage message = new MessageValidator().validate(Messages
			.json("{'messaging_product':'whatsapp','recipient_type':'individual','to':'+919999999999','type':'text',"
					+ "'context':{'message_id':'wamid.Q1'},'biz_opaque_callback_data':'" + "x".repeat(512)
					+ "','text':{'body':'Hi'}}"));
		assertThat(message.contextMessageId()).isEqualTo("wamid.Q1");
		assertThat(message.type()).isEqualTo(MessageType.TEXT);
	}

	@Test
	void acceptsGroupIdAsRecipientOfGroupMessages() {
		ValidatedMessage message = new MessageValidator().validate(Messages
			.json("{'recipient_type':'group','to':'120363025246125486','type':'text','text':{'body':'Hi all'}}"));
		assertThat(message.recipientWaId()).isEqualTo("120363025246125486");
		assertThat(message.cloudPayload().get("to").stringValue()).isEqualTo("120363025246125486");
	}

	@Test
	void reportsEveryViolationNotJustTheFirst() {
		ApiException ex = catchThrowableOfType(ApiException.class,
				() -> new MessageValidator().validate(Messages.json("{'to':'abc','type':'text','colour':'red',"
						+ "'biz_opaque_callback_data':'" + "x".repeat(600) + "','text':{'body':''}}")));
		assertThat(ex.errors()).extracting(ApiError::field, ApiError::rule)
			.containsExactlyInAnyOrder(tuple("colour", "unknown_field"), tuple("to", "phone_number"),
					tuple("biz_opaque_callback_data", "max_length"), tuple("text.body", "min_length"));
		assertThat(ex.getMessage()).startsWith("4 validation errors: ")
			.contains("biz_opaque_callback_data must be at most 512 characters (was 600)");
	}

	@Test
	void summaryOfASingleViolationIsItsDetails() {
		ApiException ex = catchThrowableOfType(ApiException.class, () -> new MessageValidator()
			.validate(Messages.with(Messages.valid("text"), "text.body", Messages.text(5000))));
		assertThat(ex.getMessage())
			.isEqualTo("1 validation error: text.body must be at most 4096 characters (was 5000)");
		assertThat(ex.errors()).singleElement()
			.satisfies((error) -> assertThat(error.title())
				.isEqualTo(ErrorCodes.titleOf(ErrorCodes.PARAMETER_VALUE_INVALID)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "[]", "'text'", "42" })
	void refusesABodyThatIsNotAnObject(String body) {
		List<ApiError> errors = Refusal.violations(Messages.json(body));
		assertThat(errors).singleElement().satisfies((error) -> {
			assertThat(error.field()).isNull();
			assertThat(error.rule()).isEqualTo("type");
			assertThat(error.limit()).isEqualTo("object");
		});
	}

	@Test
	void missingContentOfTheTypeIsRequired() {
		new Refusal("image", "image", null, "image", "required", null).assertRefused();
	}

}
