package dev.wabagate.upstream.meta;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.upstream.ProviderContract;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Uploads on a meta channel: Meta gets its copy, and sends carry Meta's id for it. */
class MetaMediaTests extends MetaGatewayTest {

	private static final String CUSTOMER = "919812345678";

	@Autowired
	private JsonMapper json;

	@Autowired
	private JdbcClient jdbc;

	@Test
	void anUploadedImageIsSentByItsWabagateIdAndReachesMetaWithMetasId() {
		MetaChannel channel = newMetaChannel();
		postSignedWebhook(channel, inboundTextPayload(channel, CUSTOMER, FakeGraph.newWamid(), "hi"));
		byte[] jpeg = ProviderContract.jpeg();

		Response uploaded = gateway().uploadMedia(channel.channel(), "image/jpeg", jpeg);
		String mediaId = uploaded.json().get("media").get(0).get("id").asString();
		String metasId = uploadedIds(channel).get(0);
		JsonNode sent = sendImage(channel, mediaId);

		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
		assertThat(GRAPH.media(metasId).content()).isEqualTo(jpeg);
		assertThat(GRAPH.media(metasId).mimeType()).isEqualTo("image/jpeg");
		assertThat(sent.get("image").get("id").asString()).isEqualTo(metasId);
		assertThat(sent.get("image").get("caption").asString()).isEqualTo("Receipt");
	}

	@Test
	void anExpiredCopyIsUploadedAgainBeforeTheSend() {
		MetaChannel channel = newMetaChannel();
		postSignedWebhook(channel, inboundTextPayload(channel, CUSTOMER, FakeGraph.newWamid(), "hi"));
		String mediaId = gateway().uploadMedia(channel.channel(), "image/jpeg", ProviderContract.jpeg())
			.json()
			.get("media")
			.get(0)
			.get("id")
			.asString();
		String firstCopy = uploadedIds(channel).get(0);
		GRAPH.expire(firstCopy);
		this.jdbc.sql("update media set provider_uploaded_at = ? where id = ?")
			.params(Timestamp.from(Instant.now().minus(Duration.ofDays(31))), mediaId)
			.update();

		JsonNode sent = sendImage(channel, mediaId);

		assertThat(uploadedIds(channel)).hasSize(2);
		String secondCopy = uploadedIds(channel).get(1);
		assertThat(secondCopy).isNotEqualTo(firstCopy);
		assertThat(sent.get("image").get("id").asString()).isEqualTo(secondCopy);
	}

	@Test
	void metasRefusalOrOutageStoresNothing() {
		MetaChannel channel = newMetaChannel();
		GRAPH.answerNext(channel.phoneNumberId(), FakeGraph.Answer.error(400, 131053, "Media upload error"));
		Response refused = gateway().uploadMedia(channel.channel(), "image/jpeg", ProviderContract.jpeg());
		GRAPH.answerNext(channel.phoneNumberId(), FakeGraph.Answer.json(503, "down"));
		Response unavailable = gateway().uploadMedia(channel.channel(), "image/jpeg", ProviderContract.jpeg());

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").get(0).get("code").asInt()).isEqualTo(131053);
		assertThat(unavailable.status()).isEqualTo(503);
		assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
		assertThat(this.jdbc.sql("select count(*) from media where channel_id = ?")
			.param(channel.channelId())
			.query(Integer.class)
			.single()).isZero();
	}

	/** Meta's ids of this channel's uploads, in order. */
	private List<String> uploadedIds(MetaChannel channel) {
		return GRAPH.requestsFor(channel.phoneNumberId())
			.stream()
			.filter((r) -> r.path().endsWith("/media"))
			.map((r) -> GRAPH.uploadedIdFor(r))
			.toList();
	}

	/** Sends the image and returns the body Meta received for it. */
	private JsonNode sendImage(MetaChannel channel, String mediaId) {
		Response accepted = gateway().curlData("POST", "/v1/messages", channel.apiKey(), """
				{"to":"%s","type":"image","image":{"id":"%s","caption":"Receipt"}}""".formatted(CUSTOMER, mediaId));
		assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
		String id = accepted.json().get("messages").get(0).get("id").asString();
		gateway().await("/v1/messages/" + id, channel.apiKey(), (r) -> r.json().hasNonNull("upstream_message_id"),
				Duration.ofSeconds(20));
		return GRAPH.requestsFor(channel.phoneNumberId())
			.stream()
			.filter((r) -> r.path().endsWith("/messages") && r.body().contains("\"image\""))
			.map((r) -> this.json.readTree(r.body()))
			.reduce((first, second) -> second)
			.orElseThrow();
	}

}
