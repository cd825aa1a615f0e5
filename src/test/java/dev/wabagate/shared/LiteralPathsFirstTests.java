package dev.wabagate.shared;

import org.junit.jupiter.api.Test;

import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.H2GatewayTest;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The controllers' literal paths are looked up before the actuator's handler mappings
 * (ADR 0027), and the actuator still answers each of its paths, including
 * {@code /actuator} that the Cloud API's {@code GET /{id}} would match.
 */
class LiteralPathsFirstTests extends H2GatewayTest {

	@Autowired
	private LiteralPathsFirst literalPathsFirst;

	@Test
	void apiPathsAreAskedFirstAndNoActuatorPathIs() {
		TestChannel channel = gateway().newSandboxChannel();
		Response sent = gateway().curlData("POST", "/v1/messages", channel.apiKey(),
				"{\"to\":\"919999999999\",\"type\":\"template\",\"template\":{\"name\":\"none\",\"language\":{\"code\":\"en\"}}}");
		assertThat(sent.status()).isEqualTo(400);

		assertThat(this.literalPathsFirst.literalPaths()).contains("/v1/messages", "/v1/configs/templates")
			.noneMatch((path) -> path.startsWith("/actuator"))
			.noneMatch((path) -> path.contains("{") || path.contains("*"));
	}

	@Test
	void theActuatorStillAnswersItsPaths() {
		assertThat(get("/actuator").body()).contains("\"_links\"", "/actuator/health");
		assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"");
		assertThat(get("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(get("/actuator/info").status()).isEqualTo(200);
		assertThat(get("/actuator/metrics").body()).contains("wabagate.messages.accepted");
		assertThat(get("/actuator/metrics/wabagate.messages.accepted").status()).isEqualTo(200);
		assertThat(get("/actuator/prometheus").body()).contains("wabagate_messages_accepted");
	}

	private Response get(String path) {
		Response response = gateway().request(gateway().to(path).GET());
		assertThat(response.status()).as(path).isEqualTo(200);
		return response;
	}

}
