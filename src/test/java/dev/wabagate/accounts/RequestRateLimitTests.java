package dev.wabagate.accounts;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.H2GatewayTest;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = { "wabagate.api-keys.requests-per-second=1", "wabagate.api-keys.request-burst=3" })
class RequestRateLimitTests extends H2GatewayTest {

	@Test
	void aKeyOverItsRateGets429WithRetryAfterWhileAnotherKeyIsUnaffected() {
		TestChannel busy = gateway().newSandboxChannel();
		TestChannel quiet = gateway().newSandboxChannel();

		List<Response> responses = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			responses.add(gateway().get("/v1/messages/msg_none", busy.apiKey()));
		}

		assertThat(responses).extracting(Response::status).contains(404).contains(429);
		Response limited = responses.stream().filter((r) -> r.status() == 429).findFirst().orElseThrow();
		assertThat(limited.headers().firstValue("Retry-After")).isPresent();
		assertThat(limited.json().get("errors").get(0).get("code").asInt()).isEqualTo(1015);
		assertThat(gateway().get("/v1/messages/msg_none", quiet.apiKey()).status()).isEqualTo(404);
	}

}
