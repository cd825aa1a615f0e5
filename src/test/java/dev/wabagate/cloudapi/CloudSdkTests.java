package dev.wabagate.cloudapi;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.PostgresGatewayTest;
import dev.wabagate.support.WebhookReceiver;
import dev.wabagate.support.WebhookReceiver.Request;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meta's Cloud API SDKs, installed from the npm registry at the versions pinned in
 * {@code src/test/cloud-sdks/package-lock.json}, make their own calls against this
 * gateway on loopback: sends of every kind the issue names, mark read, media, templates,
 * profile, three errors, and their webhook helpers on real deliveries of a status and of
 * a customer's message with non-ASCII text. Each script prints its checks as JSON and
 * exits 1 if any failed; a failed {@code npm ci} or a missing Node.js fails too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudSdkTests extends PostgresGatewayTest {

	private static final Path SDKS = Path.of("src/test/cloud-sdks").toAbsolutePath();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String APP_SECRET = "7f3c1e9a2b4d6f80a1c3e5b7d9f1a3c5";

	private static final String CUSTOMER = "919811188801";

	private static final String CUSTOMER_TEXT = "Ol\u00e1! Caf\u00e9 \u2615 para dois \uD83D\uDE00";

	/** Every SDK's calls; those it has no method for are left out (docs/cloud-api.md). */
	private static final List<String> API_CHECKS = List.of("send_text", "send_image_link", "upload_media",
			"send_image_id", "send_template", "send_reaction", "mark_read", "media_lookup_download_delete",
			"error_wrong_token", "error_unknown_template", "error_invalid_parameter", "webhook_customer_message",
			"webhook_status");

	private static final Map<String, List<String>> EXTRA_CHECKS = Map.of("whatsapp-api-js",
			List.of("webhook_tampered_refused"), "kapso",
			List.of("list_templates", "read_profile", "webhook_tampered_refused"), "whatsapp-business",
			List.of("read_profile"), "great-detail",
			List.of("list_templates", "read_profile", "webhook_tampered_refused"));

	private final WebhookReceiver receiver = WebhookReceiver.start();

	private TestChannel channel;

	private String phoneNumberId;

	private String wabaId;

	private String customerMessageId;

	private Path deliveries;

	@BeforeAll
	void installTheSdksAndRecordRealDeliveries() throws Exception {
		Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(SDKS.toFile())
			.redirectErrorStream(true)
			.start();
		String npmOutput = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(npm.waitFor(5, TimeUnit.MINUTES)).isTrue();
		assertThat(npm.exitValue()).as("npm ci: " + npmOutput).isZero();

		this.channel = gateway().newSandboxChannelWithHelloTemplate();
		JsonNode number = gateway().get("/v1/configs/phone_number", this.channel.apiKey()).json();
		this.phoneNumberId = number.get("phone_number_id").asString();
		this.wabaId = number.get("waba_id").asString();
		Response profile = gateway().curlData("POST", "/v1/settings/business/profile", this.channel.apiKey(),
				"{\"email\":\"shop@example.com\",\"about\":\"Fresh bread\"}");
		assertThat(profile.status()).as(profile.toString()).isEqualTo(200);

		Response webhook = gateway().curlData("POST", "/v1/configs/webhook", this.channel.apiKey(),
				"{\"url\":\"" + this.receiver.url() + "\",\"format\":\"cloud\",\"app_secret\":\"" + APP_SECRET + "\"}");
		assertThat(webhook.status()).as(webhook.toString()).isEqualTo(200);
		this.receiver.secret(webhook.json().get("secret").asString()).appSecret(APP_SECRET);
		Response wrote = gateway().curlData("POST", "/v1/sandbox/customer-messages", this.channel.apiKey(),
				JSON.writeValueAsString(Map.of("from", CUSTOMER, "profile_name", "Jo\u00e3o", "type", "text", "text",
						Map.of("body", CUSTOMER_TEXT))));
		this.customerMessageId = wrote.json().get("messages").get(0).get("id").asString();
		gateway().curlData("POST", "/v1/messages", this.channel.apiKey(),
				"{\"to\":\"" + CUSTOMER + "\",\"type\":\"text\",\"text\":{\"body\":\"Obrigado!\"}}");
		List<Request> received = this.receiver.await(
				(requests) -> requests.stream().anyMatch((r) -> r.body().contains("\"statuses\""))
						&& requests.stream().anyMatch((r) -> r.body().contains("\"messages\"")),
				Duration.ofSeconds(30));

		this.deliveries = Files.createTempDirectory("wabagate-cloud-deliveries");
		record(received.stream().filter((r) -> r.body().contains("\"messages\"")).findFirst().orElseThrow(), "message");
		record(received.stream().filter((r) -> r.body().contains("\"statuses\"")).findFirst().orElseThrow(), "status");
	}

	private void record(Request delivery, String name) throws IOException {
		assertThat(delivery.hubSignatureValid()).isTrue();
		Files.write(this.deliveries.resolve(name + ".body"), delivery.raw());
		Files.writeString(this.deliveries.resolve(name + ".headers.json"), JSON.writeValueAsString(delivery.headers()));
	}

	@AfterAll
	void stopTheReceiver() {
		this.receiver.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "whatsapp-api-js", "kapso", "whatsapp-business", "great-detail" })
	void theSdksOwnCallsWorkAgainstWabagate(String sdk) throws Exception {
		ProcessBuilder script = new ProcessBuilder("node", sdk + ".mjs").directory(SDKS.toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT);
		script.environment()
			.putAll(Map.of("WABAGATE_BASE", gateway().base(), "WABAGATE_KEY", this.channel.apiKey(), "WABAGATE_PNID",
					this.phoneNumberId, "WABAGATE_WABA", this.wabaId, "WABAGATE_TO", CUSTOMER,
					"WABAGATE_CUSTOMER_MESSAGE_ID", this.customerMessageId, "WABAGATE_APP_SECRET", APP_SECRET,
					"WABAGATE_DELIVERIES", this.deliveries.toString()));
		Process node = script.start();
		String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(node.waitFor(2, TimeUnit.MINUTES)).isTrue();
		String last = output.strip().lines().reduce((first, second) -> second).orElse("");
		System.out.println(last);
		JsonNode checks = JSON.readTree(last).get("checks");

		assertThat(node.exitValue()).as(sdk + ": " + last).isZero();
		List<String> expected = new ArrayList<>(API_CHECKS);
		expected.addAll(EXTRA_CHECKS.get(sdk));
		assertThat(checks.propertyNames()).as(last).containsAll(expected);
		assertThat(checks.properties()).as(last)
			.allSatisfy((check) -> assertThat(check.getValue().get("ok").asBoolean())
				.as(check.getKey() + ": " + check.getValue())
				.isTrue());
		for (String send : List.of("send_text", "send_image_link", "send_image_id", "send_template", "send_reaction")) {
			String id = checks.get(send).get("id").asString();
			Response stored = gateway().get("/v1/messages/" + id, this.channel.apiKey());
			assertThat(stored.status()).as(send + " " + stored).isEqualTo(200);
		}
		assertThat(checks.get("webhook_customer_message").get("text").asString()).isEqualTo(CUSTOMER_TEXT);
		assertThat(checks.get("webhook_customer_message").get("from").asString()).isEqualTo(CUSTOMER);
		assertThat(checks.get("webhook_status").get("id").asString()).startsWith("msg_");
	}

}
