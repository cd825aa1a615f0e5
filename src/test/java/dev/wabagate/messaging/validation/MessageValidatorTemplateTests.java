package dev.wabagate.messaging.validation;

import java.util.List;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.upstream.MessageType;

import static org.assertj.core.api.Assertions.assertThat;

class MessageValidatorTemplateTests {

	private static final @Nullable String ABSENT = null;

	private static final String HEADER = "template.components[0]";

	private static final String BODY = "template.components[1]";

	private static final String TEXT_PARAMETER = BODY + ".parameters[0]";

	private static final String CURRENCY = BODY + ".parameters[1].currency";

	private static final String BUTTON = "template.components[2]";

	static Stream<Refusal> templateRefusals() {
		return Stream.of(Refusal.of("template", "template", ABSENT, "template", "required", null),
				Refusal.of("template", "template.name", ABSENT, "template.name", "required", null),
				Refusal.of("template", "template.language", ABSENT, "template.language", "required", null),
				Refusal.of("template", "template.language", "'en_US'", "template.language", "type", "object"),
				Refusal.of("template", "template.language.code", ABSENT, "template.language.code", "required", null),
				Refusal.of("template", "template.language.policy", "'fallback'", "template.language.policy", "one_of",
						List.of("deterministic")),
				Refusal.of("template", "template.namespace", "5", "template.namespace", "type", "string"),
				Refusal.of("template", "template.category", "'UTILITY'", "template.category", "unknown_field",
						List.of("components", "language", "name", "namespace")),
				Refusal.of("template", "template.components", "{}", "template.components", "type", "array"),
				Refusal.of("template", HEADER + ".type", "'footer'", HEADER + ".type", "one_of",
						TemplateRules.COMPONENT_TYPES),
				Refusal.of("template", HEADER + ".type", ABSENT, HEADER + ".type", "required", null),
				Refusal.of("template", BODY + ".index", "'0'", BODY + ".index", "not_allowed", null),
				Refusal.of("template", BODY + ".sub_type", "'url'", BODY + ".sub_type", "not_allowed", null),
				Refusal.of("template", BUTTON + ".sub_type", ABSENT, BUTTON + ".sub_type", "required", null),
				Refusal.of("template", BUTTON + ".index", ABSENT, BUTTON + ".index", "required", null),
				Refusal.of("template", BUTTON + ".index", "'10'", BUTTON + ".index", "one_of",
						TemplateRules.BUTTON_INDEXES),
				Refusal.of("template", BUTTON + ".index", "0", BUTTON + ".index", "type", "string"),
				Refusal.of("template", TEXT_PARAMETER + ".type", ABSENT, TEXT_PARAMETER + ".type", "required", null),
				Refusal.of("template", TEXT_PARAMETER + ".type", "'emoji'", TEXT_PARAMETER + ".type", "one_of",
						TemplateRules.PARAMETER_TYPES),
				Refusal.of("template", TEXT_PARAMETER + ".text", ABSENT, TEXT_PARAMETER + ".text", "required", null),
				Refusal.of("template", TEXT_PARAMETER + ".text", Messages.text(32769), TEXT_PARAMETER + ".text",
						"max_length", 32768),
				Refusal.of("template", TEXT_PARAMETER + ".payload", "'P'", TEXT_PARAMETER + ".payload", "not_allowed",
						null),
				Refusal.of("template", CURRENCY + ".fallback_value", ABSENT, CURRENCY + ".fallback_value", "required",
						null),
				Refusal.of("template", CURRENCY + ".code", ABSENT, CURRENCY + ".code", "required", null),
				Refusal.of("template", CURRENCY + ".code", "'US'", CURRENCY + ".code", "format", "ISO 4217"),
				Refusal.of("template", CURRENCY + ".amount_1000", ABSENT, CURRENCY + ".amount_1000", "required", null),
				Refusal.of("template", CURRENCY + ".amount_1000", "100.99", CURRENCY + ".amount_1000", "type",
						"integer"),
				Refusal.of("template", CURRENCY + ".amount_1000", "'100990'", CURRENCY + ".amount_1000", "type",
						"integer"),
				Refusal.of("template", BODY + ".parameters[2].date_time.fallback_value", ABSENT,
						BODY + ".parameters[2].date_time.fallback_value", "required", null),
				Refusal.of("template", HEADER + ".parameters[0].image.link", "'Your Image Link Here'",
						HEADER + ".parameters[0].image.link", "format", "absolute http(s) URL"),
				Refusal.of("template", HEADER + ".parameters[0].image.caption", "'c'",
						HEADER + ".parameters[0].image.caption", "not_allowed", null),
				Refusal.of("template", HEADER + ".parameters[0]",
						"{'type':'location','location':{'latitude':100," + "'longitude':0}}",
						HEADER + ".parameters[0].location.latitude", "range", List.of(-90, 90)),
				Refusal.of("template", BUTTON + ".parameters[0].payload", ABSENT, BUTTON + ".parameters[0].payload",
						"required", null));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void templateRefusals(Refusal refusal) {
		refusal.assertRefused();
	}

	@ParameterizedTest
	@ValueSource(strings = { "'Line one\\nline two'", "'Column\\tcolumn'", "'five     spaces'" })
	void textParameterRefusesNewlinesTabsAndMoreThanFourSpaces(String text) {
		Refusal
			.of("template", TEXT_PARAMETER + ".text", text, TEXT_PARAMETER + ".text", "whitespace",
					"no newline, tab or more than 4 consecutive spaces")
			.assertRefused();
		var message = Messages.with(Messages.valid("template"), TEXT_PARAMETER + ".text", Messages.json(text));
		assertThat(Refusal.violations(message)).singleElement()
			.satisfies((error) -> assertThat(error.details()).contains("132018"));
	}

	@Test
	void textParameterAcceptsFourConsecutiveSpaces() {
		var message = Messages.with(Messages.valid("template"), TEXT_PARAMETER + ".text",
				Messages.json("'four    spaces'"));
		assertThat(new MessageValidator().validate(message).type()).isEqualTo(MessageType.TEMPLATE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "BODY", "Body", "body" })
	void componentTypesAreCaseInsensitive(String type) {
		var message = Messages.with(Messages.valid("template"), BODY + ".type", Messages.json("'" + type + "'"));
		assertThat(new MessageValidator().validate(message).type()).isEqualTo(MessageType.TEMPLATE);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{'type':'coupon_code','coupon_code':'SAVE10'}",
			"{'type':'action','action':{'flow_token':'t1'}}",
			"{'type':'document','document':{'id':'77','filename':'invoice.pdf'}}",
			"{'type':'text','text':'Jane','parameter_name':'first_name'}" })
	void acceptsOtherParameterTypes(String parameter) {
		var message = Messages.with(Messages.valid("template"), BUTTON + ".parameters[0]", Messages.json(parameter));
		assertThat(new MessageValidator().validate(message).type()).isEqualTo(MessageType.TEMPLATE);
	}

	@Test
	void namesTheTemplateAndCountsItsParametersForTheSendCheck() {
		ValidatedMessage message = new MessageValidator().validate(Messages.valid("template"));

		assertThat(message.template()).isEqualTo(new TemplateRef("order_confirmation", "en_US", 3, 1));
	}

	@Test
	void otherTypesNameNoTemplate() {
		assertThat(new MessageValidator().validate(Messages.valid("text")).template()).isNull();
	}

	@Test
	void stripsTheOnPremisesNamespaceAndKeepsThePolicy() {
		ObjectNode template = (ObjectNode) new MessageValidator().validate(Messages.valid("template"))
			.cloudPayload()
			.get("template");
		assertThat(template.has("namespace")).isFalse();
		assertThat(template.get("language").get("policy").stringValue()).isEqualTo("deterministic");
		assertThat(template.get("components")).hasSize(4);
	}

}
