package dev.wabagate.messaging.validation;

import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.wabagate.upstream.MessageType;

import static org.assertj.core.api.Assertions.assertThat;

class MessageValidatorTextAndMediaTests {

	private static final @Nullable String ABSENT = null;

	private static final List<String> ID_OR_LINK = List.of("id", "link");

	private static final List<String> HTTP_SCHEMES = List.of("http", "https");

	static Stream<Refusal> textRefusals() {
		return Stream.of(Refusal.of("text", "text", ABSENT, "text", "required", null),
				Refusal.of("text", "text", "'Hello'", "text", "type", "object"),
				Refusal.of("text", "text.body", ABSENT, "text.body", "required", null),
				Refusal.of("text", "text.body", Messages.text(4097), "text.body", "max_length", 4096),
				Refusal.of("text", "text.body", "'  '", "text.body", "min_length", 1),
				Refusal.of("text", "text.body", "42", "text.body", "type", "string"),
				Refusal.of("text", "text.preview_url", "'yes'", "text.preview_url", "type", "boolean"), Refusal
					.of("text", "text.title", "'Hi'", "text.title", "unknown_field", List.of("body", "preview_url")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void textRefusals(Refusal refusal) {
		refusal.assertRefused();
	}

	static Stream<Refusal> mediaRefusals() {
		return Stream.of(
				Refusal.of("image", "image.link", "'Your Image Link Here'", "image.link", "format",
						"absolute http(s) URL"),
				Refusal.of("image", "image.link", "'example.com/a.jpg'", "image.link", "format",
						"absolute http(s) URL"),
				Refusal.of("image", "image.link", "'ftp://example.com/a.jpg'", "image.link", "url_scheme",
						HTTP_SCHEMES),
				Refusal.of("sticker", "sticker.link", "'the-provider-name/protocol://the-url'", "sticker.link",
						"format", "absolute http(s) URL"),
				Refusal.of("image", "image.id", "'1234'", "image", "exactly_one_of", ID_OR_LINK),
				Refusal.of("image", "image.link", ABSENT, "image", "exactly_one_of", ID_OR_LINK),
				Refusal.of("video", "video.id", "1234", "video.id", "type", "string"),
				Refusal.of("image", "image.caption", Messages.text(1025), "image.caption", "max_length", 1024),
				Refusal.of("video", "video.caption", Messages.text(1025), "video.caption", "max_length", 1024),
				Refusal.of("document", "document.caption", Messages.text(1025), "document.caption", "max_length", 1024),
				Refusal.of("audio", "audio.caption", "'Listen'", "audio.caption", "not_allowed", null),
				Refusal.of("sticker", "sticker.caption", "'Smile'", "sticker.caption", "not_allowed", null),
				Refusal.of("image", "image.filename", "'a.jpg'", "image.filename", "not_allowed", null),
				Refusal.of("document", "document.filename", "5", "document.filename", "type", "string"),
				Refusal.of("audio", "audio.mime_type", "'audio/ogg'", "audio.mime_type", "unknown_field",
						List.of("caption", "filename", "id", "link", "provider")),
				Refusal.of("image", "image.provider", "{'name':'cdn','type':'www'}", "image.provider.type",
						"unknown_field", List.of("name")));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void mediaRefusals(Refusal refusal) {
		refusal.assertRefused();
	}

	@ParameterizedTest
	@ValueSource(strings = { "text", "image", "video", "audio", "document", "sticker" })
	void acceptsValidTextAndMedia(String kind) {
		assertThat(new MessageValidator().validate(Messages.valid(kind)).type().wireName()).isEqualTo(kind);
	}

	@Test
	void countsLengthsInCodePoints() {
		// 4096 emoji are 8192 UTF-16 chars but 4096 characters for WhatsApp.
		String emoji = "😀".repeat(4096);
		assertThat(new MessageValidator()
			.validate(Messages.with(Messages.valid("text"), "text.body", Messages.json("'" + emoji + "'")))
			.type()).isEqualTo(MessageType.TEXT);
	}

	@Test
	void acceptsHttpLinks() {
		assertThat(new MessageValidator()
			.validate(Messages.with(Messages.valid("image"), "image.link", Messages.json("'http://example.com/a.jpg'")))
			.type()).isEqualTo(MessageType.IMAGE);
	}

}
