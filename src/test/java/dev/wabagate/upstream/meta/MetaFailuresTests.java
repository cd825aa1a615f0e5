package dev.wabagate.upstream.meta;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.upstream.ProviderContract;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Meta failing a management call: an outage or a timeout is 503 with Retry-After, never a
 * 500, a refused token names the channel's credentials, and nothing is kept half-done.
 */
class MetaFailuresTests extends MetaGatewayTest {

	private static final String CUSTOMER = "919812345678";

	@Test
	void anOutageWhileMarkingReadIs503WithRetryAfter() {
		MetaChannel channel = newMetaChannel();
		String wamid = FakeGraph.newWamid();
		postSignedWebhook(channel, inboundTextPayload(channel, CUSTOMER, wamid, "hi"));
		GRAPH.answerNext(channel.phoneNumberId(), FakeGraph.Answer.json(500, "<html>Internal error</html>"));

		Response read = gateway().curlData("PUT", "/v1/messages/" + wamid, channel.apiKey(), "{\"status\":\"read\"}");

		assertThat(read.status()).as(read.toString()).isEqualTo(503);
		assertThat(read.headers().firstValue("Retry-After")).hasValue("30");
	}

	@Test
	void metasRateLimitHintIsPassedOnAsRetryAfter() {
		MetaChannel channel = newMetaChannel();
		String wamid = FakeGraph.newWamid();
		postSignedWebhook(channel, inboundTextPayload(channel, CUSTOMER, wamid, "hi"));
		GRAPH.answerNext(channel.phoneNumberId(), FakeGraph.Answer.error(429, 80007, "Rate limit hit").retryAfter(7));

		Response read = gateway().curlData("PUT", "/v1/messages/" + wamid, channel.apiKey(), "{\"status\":\"read\"}");

		assertThat(read.status()).isEqualTo(503);
		assertThat(read.headers().firstValue("Retry-After")).hasValue("7");
		assertThat(read.json().get("errors").get(0).get("code").asInt()).isEqualTo(80007);
	}

	@Test
	void aTimeoutIs503() {
		MetaChannel channel = newMetaChannel();
		String wamid = FakeGraph.newWamid();
		postSignedWebhook(channel, inboundTextPayload(channel, CUSTOMER, wamid, "hi"));
		GRAPH.answerNext(channel.phoneNumberId(),
				FakeGraph.Answer.json(200, "{\"success\":true}").after(Duration.ofSeconds(4)));

		Response read = gateway().curlData("PUT", "/v1/messages/" + wamid, channel.apiKey(), "{\"status\":\"read\"}");

		assertThat(read.status()).isEqualTo(503);
		assertThat(read.headers().firstValue("Retry-After")).isPresent();
	}

	@Test
	void aRefusedTokenNamesTheChannelsCredentials() {
		MetaChannel channel = newMetaChannel();
		String wamid = FakeGraph.newWamid();
		postSignedWebhook(channel, inboundTextPayload(channel, CUSTOMER, wamid, "hi"));
		GRAPH.answerNext(channel.phoneNumberId(),
				FakeGraph.Answer.error(401, 190, "Error validating access token: Session has expired"));

		Response read = gateway().curlData("PUT", "/v1/messages/" + wamid, channel.apiKey(), "{\"status\":\"read\"}");

		assertThat(read.status()).isEqualTo(502);
		assertThat(read.json().get("errors").get(0).get("code").asInt()).isEqualTo(190);
		assertThat(read.json().get("errors").get(0).get("field").asString()).isEqualTo("credentials.access_token");
		assertThat(read.json().get("errors").get(0).get("details").asString()).contains(channel.channelId());
	}

	@Test
	void sandboxFaultsCannotBeInjectedIntoAMetaChannel() {
		MetaChannel channel = newMetaChannel();

		Response refused = gateway().admin("PUT", "/admin/v1/channels/" + channel.channelId() + "/sandbox-faults",
				"{\"error_code\":131026,\"count\":1}");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("channel");
		assertThat(refused.json().at("/errors/0/details").asString()).contains("meta");
	}

	@Test
	void aCustomersPhotoMetaCannotHandOverIsAnswered503AndTakenInOnRedelivery() {
		MetaChannel channel = newMetaChannel();
		String mediaId = GRAPH.customerSent(channel.phoneNumberId(), "image/jpeg", ProviderContract.jpeg());
		String wamid = FakeGraph.newWamid();
		String payload = inboundImagePayload(channel, CUSTOMER, wamid, mediaId);
		for (int attempt = 0; attempt < 3; attempt++) {
			GRAPH.answerNext(mediaId, FakeGraph.Answer.json(502, "Bad gateway"));
		}

		Response failed = postSignedWebhook(channel, payload);
		Response redelivered = postSignedWebhook(channel, payload);

		assertThat(failed.status()).isEqualTo(503);
		assertThat(redelivered.status()).isEqualTo(200);
		assertThat(this.events.customerMessages).filteredOn((m) -> m.upstreamMessageId().equals(wamid))
			.singleElement()
			.satisfies((m) -> assertThat(m.message()).contains("\"provider_media_id\":\"" + mediaId + "\"")
				.contains("\"id\":\"media_"));
	}

}
