package dev.wabagate.shared;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.H2GatewayTest;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's per-request timer is off by default (ADR 0027), and its filter then not even
 * registered (ADR 0031); an operator who turns the observation on gets the timer back.
 */
class HttpServerRequestsMetricTests {

	@Nested
	class ByDefault extends H2GatewayTest {

		@Test
		void requestsAreNotTimed() {
			assertThat(sendOneMessage(this)).isEqualTo(201);

			assertThat(prometheus(this)).doesNotContain("http_server_requests_seconds");
		}

	}

	@Nested
	@TestPropertySource(properties = "management.observations.enable.http.server.requests=true")
	class TurnedOn extends H2GatewayTest {

		@Test
		void eachRequestIsTimedByItsRoute() {
			assertThat(sendOneMessage(this)).isEqualTo(201);

			assertThat(prometheus(this).lines()
				.filter((line) -> line.startsWith("http_server_requests_seconds_count{"))
				.filter((line) -> line.contains("method=\"POST\"") && line.contains("uri=\"/v1/messages\""))
				.filter((line) -> line.contains("status=\"201\""))).singleElement()
				.satisfies((line) -> assertThat(line).endsWith(" 1"));
		}

	}

	private static int sendOneMessage(H2GatewayTest test) {
		TestChannel channel = test.gateway().newSandboxChannel();
		test.gateway().customerWrites(channel, "919999999999");
		Response sent = test.gateway()
			.curlData("POST", "/v1/messages", channel.apiKey(),
					"{\"to\":\"919999999999\",\"type\":\"text\",\"text\":{\"body\":\"timed\"}}");
		return sent.status();
	}

	private static String prometheus(H2GatewayTest test) {
		return test.gateway().request(test.gateway().to("/actuator/prometheus").GET()).body();
	}

}
