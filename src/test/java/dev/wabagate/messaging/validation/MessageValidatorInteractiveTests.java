package dev.wabagate.messaging.validation;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.wabagate.shared.ApiError;
import dev.wabagate.upstream.MessageType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class MessageValidatorInteractiveTests {

	private static final @Nullable String ABSENT = null;

	private static final String ACTION = "interactive.action";

	private static final String ROW = "interactive.action.sections[0].rows[0]";

	private static final String REPLY = "interactive.action.buttons[0].reply";

	private static final String PARAMETERS = "interactive.action.parameters";

	static Stream<Refusal> commonRefusals() {
		return Stream.of(Refusal.of("button", "interactive", ABSENT, "interactive", "required", null),
				Refusal.of("button", "interactive.type", ABSENT, "interactive.type", "required", null),
				Refusal.of("button", "interactive.type", "'product'", "interactive.type", "one_of",
						List.of("list", "button", "cta_url")),
				Refusal.of("button", "interactive.flow", "{}", "interactive.flow", "unknown_field",
						List.of("action", "body", "footer", "header", "type")),
				Refusal.of("button", "interactive.footer", "{'text':'a','icon':'b'}", "interactive.footer.icon",
						"unknown_field", List.of("text")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void commonRefusals(Refusal refusal) {
		refusal.assertRefused();
	}

	static Stream<Refusal> listRefusals() {
		return Stream.of(
				Refusal.of("list", "interactive.header", "{'type':'image','image':{'id':'1'}}",
						"interactive.header.type", "one_of", List.of("text")),
				Refusal.of("list", "interactive.header.text", Messages.text(61), "interactive.header.text",
						"max_length", 60),
				Refusal.of("list", "interactive.header.text", ABSENT, "interactive.header.text", "required", null),
				Refusal.of("list", "interactive.body", ABSENT, "interactive.body", "required", null),
				Refusal.of("list", "interactive.body.text", ABSENT, "interactive.body.text", "required", null),
				Refusal.of("list", "interactive.body.text", Messages.text(4097), "interactive.body.text", "max_length",
						4096),
				Refusal.of("list", "interactive.footer.text", Messages.text(61), "interactive.footer.text",
						"max_length", 60),
				Refusal.of("list", ACTION, ABSENT, ACTION, "required", null),
				Refusal.of("list", ACTION + ".button", ABSENT, ACTION + ".button", "required", null),
				Refusal.of("list", ACTION + ".button", Messages.text(21), ACTION + ".button", "max_length", 20),
				Refusal.of("list", ACTION + ".sections", ABSENT, ACTION + ".sections", "required", null),
				Refusal.of("list", ACTION + ".sections", "[]", ACTION + ".sections", "min_items", 1),
				Refusal.of("list", ACTION + ".sections", "{}", ACTION + ".sections", "type", "array"),
				Refusal.of("list", ACTION + ".sections[0].title", Messages.text(25), ACTION + ".sections[0].title",
						"max_length", 24),
				Refusal.of("list", ACTION + ".sections[1].title", ABSENT, ACTION + ".sections[1].title", "required",
						null),
				Refusal.of("list", ACTION + ".sections[0].rows", "[]", ACTION + ".sections[0].rows", "min_items", 1),
				Refusal.of("list", ACTION + ".sections[0].rows", rows("c", 10), ACTION + ".sections[*].rows",
						"max_items", 10),
				Refusal.of("list", ROW + ".id", ABSENT, ROW + ".id", "required", null),
				Refusal.of("list", ROW + ".id", Messages.text(201), ROW + ".id", "max_length", 200),
				Refusal.of("list", ACTION + ".sections[0].rows[1].id", "'a1'", ACTION + ".sections[0].rows[1].id",
						"unique", null),
				Refusal.of("list", ACTION + ".sections[1].rows[0].id", "'a1'", ACTION + ".sections[1].rows[0].id",
						"unique", null),
				Refusal.of("list", ROW + ".title", ABSENT, ROW + ".title", "required", null),
				Refusal.of("list", ROW + ".title", Messages.text(25), ROW + ".title", "max_length", 24),
				Refusal.of("list", ROW + ".description", Messages.text(73), ROW + ".description", "max_length", 72));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void listRefusals(Refusal refusal) {
		refusal.assertRefused();
	}

	@Test
	void listAllowsAnUntitledSingleSection() {
		Refusal.of("list", ACTION + ".sections[1]", ABSENT, "", "", null); // drop the
																			// second
																			// section
		var message = Messages.with(Messages.valid("list"), ACTION + ".sections[1]", null);
		Messages.with(message, ACTION + ".sections[0].title", null);
		assertThat(new MessageValidator().validate(message).type()).isEqualTo(MessageType.INTERACTIVE);
	}

	@Test
	void listBodyFollowsTheCurrentGuideLimitOf4096() {
		var message = Messages.with(Messages.valid("list"), "interactive.body.text", Messages.text(4096));
		assertThat(new MessageValidator().validate(message).type()).isEqualTo(MessageType.INTERACTIVE);
	}

	@Test
	void listRefusesMoreThanTenSections() {
		String sections = IntStream.range(0, 11)
			.mapToObj((i) -> "{'title':'S" + i + "','rows':[{'id':'r" + i + "','title':'R'}]}")
			.collect(Collectors.joining(",", "[", "]"));
		List<ApiError> errors = Refusal
			.violations(Messages.with(Messages.valid("list"), ACTION + ".sections", Messages.json(sections)));
		assertThat(errors).extracting(ApiError::field, ApiError::rule, ApiError::limit)
			.containsExactly(tuple(ACTION + ".sections", "max_items", 10),
					tuple(ACTION + ".sections[*].rows", "max_items", 10));
	}

	static Stream<Refusal> buttonRefusals() {
		return Stream.of(
				Refusal.of("button", "interactive.header.type", "'location'", "interactive.header.type", "one_of",
						List.of("text", "image", "video", "document")),
				Refusal.of("button", "interactive.header", "{'type':'text','text':'" + "x".repeat(61) + "'}",
						"interactive.header.text", "max_length", 60),
				Refusal.of("button", "interactive.header.text", "'Hi'", "interactive.header.text", "not_allowed", null),
				Refusal.of("button", "interactive.header", "{'type':'video'}", "interactive.header.video", "required",
						null),
				Refusal.of("button", "interactive.header.image.link", "'http(s)://the-url'",
						"interactive.header.image.link", "format", "absolute http(s) URL"),
				Refusal.of("button", "interactive.header.image.caption", "'c'", "interactive.header.image.caption",
						"not_allowed", null),
				Refusal.of("button", "interactive.body", ABSENT, "interactive.body", "required", null),
				Refusal.of("button", "interactive.body.text", Messages.text(1025), "interactive.body.text",
						"max_length", 1024),
				Refusal.of("button", "interactive.footer.text", Messages.text(61), "interactive.footer.text",
						"max_length", 60),
				Refusal.of("button", ACTION + ".buttons", ABSENT, ACTION + ".buttons", "required", null),
				Refusal.of("button", ACTION + ".buttons", "[]", ACTION + ".buttons", "min_items", 1),
				Refusal.of("button", ACTION + ".buttons", buttons(4), ACTION + ".buttons", "max_items", 3),
				Refusal.of("button", ACTION + ".buttons[0].type", "'url'", ACTION + ".buttons[0].type", "one_of",
						List.of("reply")),
				Refusal.of("button", ACTION + ".buttons[0].type", ABSENT, ACTION + ".buttons[0].type", "required",
						null),
				Refusal.of("button", REPLY, ABSENT, REPLY, "required", null),
				Refusal.of("button", REPLY + ".id", ABSENT, REPLY + ".id", "required", null),
				Refusal.of("button", REPLY + ".id", Messages.text(257), REPLY + ".id", "max_length", 256),
				Refusal.of("button", REPLY + ".id", "' yes'", REPLY + ".id", "trimmed", null),
				Refusal.of("button", REPLY + ".id", "'yes '", REPLY + ".id", "trimmed", null),
				Refusal.of("button", ACTION + ".buttons[1].reply.id", "'yes'", ACTION + ".buttons[1].reply.id",
						"unique", null),
				Refusal.of("button", REPLY + ".title", ABSENT, REPLY + ".title", "required", null),
				Refusal.of("button", REPLY + ".title", Messages.text(21), REPLY + ".title", "max_length", 20),
				Refusal.of("button", ACTION + ".buttons[1].reply.title", "'Yes’s'", ACTION + ".buttons[1].reply.title",
						"unique", null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void buttonRefusals(Refusal refusal) {
		refusal.assertRefused();
	}

	@ParameterizedTest
	@ValueSource(strings = { "{'type':'text','text':'Hi'}", "{'type':'video','video':{'id':'9'}}",
			"{'type':'document','document':{'link':'https://example.com/a.pdf','filename':'a.pdf'}}" })
	void buttonAcceptsEveryHeaderType(String header) {
		var message = Messages.with(Messages.valid("button"), "interactive.header", Messages.json(header));
		assertThat(new MessageValidator().validate(message).type()).isEqualTo(MessageType.INTERACTIVE);
	}

	@Test
	void buttonTitleOfTwentyCharactersIncludingACurlyApostropheIsAccepted() {
		var message = Messages.with(Messages.valid("button"), REPLY + ".title",
				Messages.json("'" + "First Button’s Title" + "'"));
		assertThat(new MessageValidator().validate(message).type()).isEqualTo(MessageType.INTERACTIVE);
	}

	static Stream<Refusal> ctaUrlRefusals() {
		return Stream.of(
				Refusal.of("cta_url", ACTION + ".name", "'url'", ACTION + ".name", "one_of", List.of("cta_url")),
				Refusal.of("cta_url", ACTION + ".name", ABSENT, ACTION + ".name", "required", null),
				Refusal.of("cta_url", PARAMETERS, ABSENT, PARAMETERS, "required", null),
				Refusal.of("cta_url", PARAMETERS + ".display_text", ABSENT, PARAMETERS + ".display_text", "required",
						null),
				Refusal.of("cta_url", PARAMETERS + ".display_text", Messages.text(21), PARAMETERS + ".display_text",
						"max_length", 20),
				Refusal.of("cta_url", PARAMETERS + ".url", ABSENT, PARAMETERS + ".url", "required", null),
				Refusal.of("cta_url", PARAMETERS + ".url", "'www.example.com'", PARAMETERS + ".url", "format",
						"absolute http(s) URL"),
				Refusal.of("cta_url", PARAMETERS + ".url", "'javascript:alert(1)'", PARAMETERS + ".url", "url_scheme",
						List.of("http", "https")),
				Refusal.of("cta_url", "interactive.body", ABSENT, "interactive.body", "required", null),
				Refusal.of("cta_url", "interactive.body.text", Messages.text(1025), "interactive.body.text",
						"max_length", 1024),
				Refusal.of("cta_url", "interactive.header.text", Messages.text(61), "interactive.header.text",
						"max_length", 60),
				Refusal.of("cta_url", "interactive.footer.text", Messages.text(61), "interactive.footer.text",
						"max_length", 60));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void ctaUrlRefusals(Refusal refusal) {
		refusal.assertRefused();
	}

	@ParameterizedTest
	@ValueSource(strings = { "list", "button", "cta_url" })
	void acceptsValidInteractiveMessages(String kind) {
		assertThat(new MessageValidator().validate(Messages.valid(kind)).type()).isEqualTo(MessageType.INTERACTIVE);
	}

	private static String rows(String prefix, int count) {
		return IntStream.range(0, count)
			.mapToObj((i) -> "{'id':'" + prefix + i + "','title':'Row " + i + "'}")
			.collect(Collectors.joining(",", "[", "]"));
	}

	private static String buttons(int count) {
		return IntStream.range(0, count)
			.mapToObj((i) -> "{'type':'reply','reply':{'id':'b" + i + "','title':'B" + i + "'}}")
			.collect(Collectors.joining(",", "[", "]"));
	}

}
