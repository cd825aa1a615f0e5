package dev.wabagate.upstream.meta;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.wabagate.support.GatewayClient.Response;

import static org.assertj.core.api.Assertions.assertThat;

/** The phone number as Meta rates it, asked at most once a minute. */
class MetaPhoneNumberTests extends MetaGatewayTest {

	@Test
	void theQualityRatingAndMessagingTierComeFromMetaAndAreCachedBriefly() {
		MetaChannel channel = newMetaChannel();
		GRAPH.rateNumber(channel.phoneNumberId(), "YELLOW", "TIER_10K");

		JsonNode first = gateway().get("/v1/configs/phone_number", channel.apiKey()).json();
		GRAPH.rateNumber(channel.phoneNumberId(), "RED", "TIER_250");
		JsonNode second = gateway().get("/v1/configs/phone_number", channel.apiKey()).json();

		assertThat(first.get("quality_rating").asString()).isEqualTo("YELLOW");
		assertThat(first.get("messaging_limit_tier").asString()).isEqualTo("TIER_10K");
		assertThat(first.get("verified_name").asString()).isEqualTo("Fake Business");
		assertThat(first.get("phone_number").asString()).isEqualTo("+" + channel.displayPhoneNumber());
		assertThat(second.get("quality_rating").asString()).isEqualTo("YELLOW");
		assertThat(GRAPH.requestsFor(channel.phoneNumberId())).hasSize(1)
			.allSatisfy((request) -> assertThat(request.query()).contains("fields=")
				.contains("quality_rating")
				.contains("messaging_limit_tier"));
	}

	@Test
	void metaUnavailableIs503WithRetryAfter() {
		MetaChannel channel = newMetaChannel();
		GRAPH.answerNext(channel.phoneNumberId(), FakeGraph.Answer.json(500, "down"));

		Response unavailable = gateway().get("/v1/configs/phone_number", channel.apiKey());

		assertThat(unavailable.status()).isEqualTo(503);
		assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
	}

}
