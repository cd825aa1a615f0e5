package dev.wabagate.upstream.meta;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.upstream.ProviderContract;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider contract on a meta channel: sends go to the fake Graph API, and the test
 * plays Meta's webhook with signed status and message payloads.
 */
class MetaProviderContractTests extends MetaGatewayTest implements ProviderContract {

	private final Map<String, MetaChannel> channels = new ConcurrentHashMap<>();

	@Override
	public TestChannel newChannel() {
		MetaChannel channel = newMetaChannel();
		this.channels.put(channel.channelId(), channel);
		return channel.channel();
	}

	@Override
	public void customerWrites(TestChannel channel, String waId) {
		MetaChannel meta = this.channels.get(channel.channelId());
		assertThat(postSignedWebhook(meta, inboundTextPayload(meta, waId, FakeGraph.newWamid(), "hi")).status())
			.isEqualTo(200);
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
