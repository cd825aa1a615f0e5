package dev.wabagate.messaging.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.LenientJsonReader;
import dev.wabagate.upstream.MessageType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The seed's send examples (curl {@code --data} bodies, verbatim in
 * {@code src/test/resources/seed/}) read as a client would send them.
 */
class MessageValidatorSeedExamplesTests {

	private final MessageValidator validator = new MessageValidator();

	@Test
	void textExampleIsAccepted() {
		ValidatedMessage message = this.validator.validate(read("text"));
		assertThat(message.recipientInput()).isEqualTo("919999999999");
		assertThat(message.recipientWaId()).isEqualTo("919999999999");
		assertThat(message.type()).isEqualTo(MessageType.TEXT);
		assertThat(message.cloudPayload().get("to").stringValue()).isEqualTo("+919999999999");
	}

	@ParameterizedTest
	@CsvSource({ "image, Your Image Link Here", "video, Your Video Link Here", "document, Your Document Link Here" })
	void mediaExamplesWithPlaceholderLinksAreRefusedNamingTheLink(String type, String placeholder) {
		assertThat(Refusal.violations(read(type))).singleElement().satisfies((error) -> {
			assertThat(error.field()).isEqualTo(type + ".link");
			assertThat(error.rule()).isEqualTo("format");
			assertThat(error.details())
				.isEqualTo(type + ".link must be an absolute http or https URL (was \"" + placeholder + "\")");
		});
	}

	@ParameterizedTest
	@CsvSource({ "image, Your Image Link Here", "video, Your Video Link Here", "document, Your Document Link Here" })
	void mediaExamplesWithARealLinkAreAccepted(String type, String placeholder) {
		JsonNode body = read(type, placeholder, "https://cdn.example.com/files/example");
		ValidatedMessage message = this.validator.validate(body);
		assertThat(message.type().wireName()).isEqualTo(type);
		assertThat(message.cloudPayload().get(type)).isEqualTo(body.get(type));
	}

	@ParameterizedTest
	@ValueSource(strings = { "list-single-section", "list-multiple-sections" })
	void listExamplesAreRefusedByTheReaderForTheMissingColon(String example) {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> read(example))
			.withMessageMatching("The request body is not valid JSON at line 6, column \\d+: .*");
	}

	/**
	 * Besides the duplicate row id, the seed's placeholders are too long: "Button Text
	 * Comes Here" (22 > 20) and "your-section-title-content" (26 > 24).
	 */
	@Test
	void singleSectionListWithTheColonFixedIsRefusedForItsDuplicateRowId() {
		JsonNode body = read("list-single-section", "\"type\" \"list\"", "\"type\" : \"list\"");
		List<ApiError> errors = Refusal.violations(body);
		assertThat(errors).extracting(ApiError::field, ApiError::rule, ApiError::limit)
			.containsExactlyInAnyOrder(tuple("interactive.action.sections[0].rows[1].id", "unique", null),
					tuple("interactive.action.button", "max_length", 20),
					tuple("interactive.action.sections[0].title", "max_length", 24));
		assertThat(errors).filteredOn((error) -> "unique".equals(error.rule()))
			.singleElement()
			.satisfies((error) -> assertThat(error.details()).isEqualTo(
					"interactive.action.sections[0].rows[1].id must be unique (\"unique-row-identifier\" is also used at "
							+ "interactive.action.sections[0].rows[0].id)"));
	}

	@Test
	void multipleSectionListWithTheColonFixedIsRefusedForItsDuplicateRowIdAcrossSections() {
		JsonNode body = read("list-multiple-sections", "\"type\" \"list\"", "\"type\" : \"list\"");
		assertThat(Refusal.violations(body)).extracting(ApiError::field, ApiError::rule, ApiError::limit)
			.containsExactlyInAnyOrder(tuple("interactive.action.sections[1].rows[0].id", "unique", null),
					tuple("interactive.action.button", "max_length", 20),
					tuple("interactive.action.sections[0].title", "max_length", 24),
					tuple("interactive.action.sections[1].title", "max_length", 24));
	}

	@Test
	void replyButtonExampleIsRefusedByTheReader() {
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> read("reply-button"))
			.withMessageMatching("The request body is not valid JSON at line \\d+, column \\d+: .*");
	}

	@Test
	void templateExampleIsAcceptedWithoutNamespaceAndWithItsPolicy() {
		ValidatedMessage message = this.validator.validate(read("template"));
		ObjectNode payload = message.cloudPayload();
		assertThat(message.type()).isEqualTo(MessageType.TEMPLATE);
		assertThat(payload.get("messaging_product").stringValue()).isEqualTo("whatsapp");
		assertThat(payload.get("recipient_type").stringValue()).isEqualTo("individual");
		assertThat(payload.get("template").has("namespace")).isFalse();
		assertThat(payload.get("template").get("language").get("policy").stringValue()).isEqualTo("deterministic");
		assertThat(payload.get("template").get("name").stringValue()).isEqualTo("name_here");
	}

	private static JsonNode read(String example) {
		return LenientJsonReader.read(seed(example).getBytes(StandardCharsets.UTF_8));
	}

	/** Reads an example with one text edit, e.g. a placeholder replaced. */
	private static JsonNode read(String example, String target, String replacement) {
		String body = seed(example);
		assertThat(body).contains(target);
		return LenientJsonReader.read(body.replace(target, replacement).getBytes(StandardCharsets.UTF_8));
	}

	private static String seed(String example) {
		String resource = "/seed/" + example + ".json";
		try (InputStream in = MessageValidatorSeedExamplesTests.class.getResourceAsStream(resource)) {
			assertThat(in).as(resource).isNotNull();
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
