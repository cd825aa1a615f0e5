package dev.wabagate.upstream.meta;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.upstream.ProviderContract;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider contract on a meta channel: sends go to the fake Graph API, and the test
 * plays Meta's webhook with signed status and message payloads.
 */
class MetaProviderContractTests extends MetaGatewayTest implements ProviderContract {

	@Autowired
	private JsonMapper json;

	private final Map<String, MetaChannel> channels = new ConcurrentHashMap<>();

	@Override
	public TestChannel newChannel() {
		MetaChannel channel = newMetaChannel();
		this.channels.put(channel.channelId(), channel);
		return channel.channel();
	}

	@Override
	public String customerWrites(TestChannel channel, String waId) {
		MetaChannel meta = this.channels.get(channel.channelId());
		String wamid = FakeGraph.newWamid();
		assertThat(postSignedWebhook(meta, inboundTextPayload(meta, waId, wamid, "hi")).status()).isEqualTo(200);
		return wamid;
	}

	@Override
	public String customerSendsImage(TestChannel channel, String waId, byte[] jpeg) {
		MetaChannel meta = this.channels.get(channel.channelId());
		String mediaId = GRAPH.customerSent(meta.phoneNumberId(), "image/jpeg", jpeg);
		String wamid = FakeGraph.newWamid();
		assertThat(postSignedWebhook(meta, inboundImagePayload(meta, waId, wamid, mediaId)).status()).isEqualTo(200);
		return wamid;
	}

	@Override
	public void providerHasApprovedTemplate(TestChannel channel, String name, String body) {
		GRAPH.addTemplate(this.channels.get(channel.channelId()).wabaId(), name, "en_US", "UTILITY", "APPROVED",
				"[{\"type\":\"BODY\",\"text\":\"" + body + "\"}]");
	}

	/** Meta's review ends with its signed status webhook, naming its template id. */
	@Override
	public void providerApprovesTemplate(TestChannel channel, String name) {
		MetaChannel meta = this.channels.get(channel.channelId());
		FakeGraph.Template template = GRAPH.review(meta.wabaId(), name, "APPROVED");
		assertThat(postSignedWebhook(meta, templateStatusPayload(meta, template, "APPROVED", "NONE")).status())
			.isEqualTo(200);
	}

	@Override
	public void providerHoldsNoUploadFor(TestChannel channel) {
		assertThat(GRAPH.requestsFor(this.channels.get(channel.channelId()).phoneNumberId()))
			.noneMatch((request) -> request.path().endsWith("/media"));
	}

	@Override
	public List<String> providerRatesNumber(TestChannel channel, String qualityRating, String messagingLimitTier) {
		GRAPH.rateNumber(this.channels.get(channel.channelId()).phoneNumberId(), qualityRating, messagingLimitTier);
		return List.of(qualityRating, messagingLimitTier);
	}

	@Override
	public void providerShowsProfile(TestChannel channel, String field, String value) {
		assertThat(GRAPH.profileOf(this.channels.get(channel.channelId()).phoneNumberId()).path(field).asString())
			.isEqualTo(value);
	}

	/** Meta shows the file uploaded for its handle, at its own URL. */
	@Override
	public void providerShowsPhoto(TestChannel channel, byte[] image, String link) {
		String phoneNumberId = this.channels.get(channel.channelId()).phoneNumberId();
		assertThat(link).isEqualTo(GRAPH.profileOf(phoneNumberId).path("profile_picture_url").asString())
			.startsWith(GRAPH.baseUrl() + "/pps/");
		assertThat(GRAPH.pictureOf(phoneNumberId)).isNotNull().satisfies((picture) -> {
			assertThat(picture.content()).isEqualTo(image);
			assertThat(picture.fileType()).isEqualTo("image/png");
		});
	}

	@Override
	public void providerHoldsComplianceInfo(TestChannel channel, String entityName, String entityType) {
		JsonNode info = GRAPH.complianceInfoOf(this.channels.get(channel.channelId()).phoneNumberId());
		assertThat(info).isNotNull();
		assertThat(info.path("messaging_product").asString()).isEqualTo("whatsapp");
		assertThat(info.path("entity_name").asString()).isEqualTo(entityName);
		assertThat(info.path("entity_type").asString()).isEqualTo(entityType);
	}

	@Override
	public void providerSawReadReceipt(TestChannel channel, String customerMessageId, boolean typingIndicator) {
		MetaChannel meta = this.channels.get(channel.channelId());
		String typing = typingIndicator ? ",\"typing_indicator\":{\"type\":\"text\"}" : "";
		assertThat(GRAPH.requestsFor(meta.phoneNumberId()))
			.anySatisfy((request) -> assertThat(this.json.readTree(request.body())).isEqualTo(this.json.readTree("""
					{"messaging_product":"whatsapp","status":"read","message_id":"%s"%s}""".formatted(customerMessageId,
					typing))));
	}

	/** Each report is a second later than the last, as Meta's would be. */
	@Override
	public void providerReports(TestChannel channel, String wamid, String status, @Nullable Integer errorCode) {
		MetaChannel meta = this.channels.get(channel.channelId());
		Instant at = Instant.now().plusSeconds(switch (status) {
			case "sent" -> 1;
			case "delivered" -> 2;
			case "read" -> 3;
			default -> 4;
		});
		assertThat(postSignedWebhook(meta, statusPayload(meta, wamid, status, at, errorCode)).status()).isEqualTo(200);
	}

	@Override
	public void nextSendFails(TestChannel channel, int errorCode) {
		GRAPH.answerNext(this.channels.get(channel.channelId()).phoneNumberId(),
				FakeGraph.Answer.error(400, errorCode, "Scripted error"));
	}

}
