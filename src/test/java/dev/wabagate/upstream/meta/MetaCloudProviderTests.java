package dev.wabagate.upstream.meta;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.Channel;
import dev.wabagate.upstream.MessagePayload;
import dev.wabagate.upstream.MessageType;
import dev.wabagate.upstream.MediaObjects;
import dev.wabagate.upstream.OutboundMessage;
import dev.wabagate.upstream.SendOutcome;
import dev.wabagate.upstream.SendOutcome.Scope;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** The Cloud API sender against the fake Graph API: what goes over the wire and back. */
class MetaCloudProviderTests extends MetaGatewayTest {

	private static final String TEXT = """
			{"messaging_product":"whatsapp","recipient_type":"individual","to":"+919812345678","type":"text",
			 "text":{"body":"hi"}}""";

	@Autowired
	private MetaCloudProvider provider;

	@Autowired
	private AccountService accounts;

	@Autowired
	private MetaProperties properties;

	@Autowired
	private JsonMapper json;

	@Autowired
	private SeenInboundMessages seen;

	@Autowired
	private MetaMediaUploads uploads;

	@Autowired
	private MetaBusinessProfile profile;

	@Autowired
	private MediaObjects media;

	@Test
	void aSendPostsTheCloudPayloadToThePhoneNumbersMessagesEdgeWithTheChannelsToken() {
		MetaChannel channel = newMetaChannel();
		postSignedWebhook(channel, inboundTextPayload(channel, "919812345678", FakeGraph.newWamid(), "hi"));
		GRAPH.answerNext(channel.phoneNumberId(), FakeGraph.Answer.wamid("wamid.HBgLKNOWN"));

		String id = gateway().curlData("POST", "/v1/messages", channel.apiKey(), """
				{"to":"91 98123 45678","type":"text","text":{"body":"Hello"}}""")
			.json()
			.get("messages")
			.get(0)
			.get("id")
			.asString();

		JsonNode message = gateway()
			.await("/v1/messages/" + id, channel.apiKey(), (r) -> r.json().hasNonNull("upstream_message_id"),
					Duration.ofSeconds(20))
			.json();
		assertThat(message.get("upstream_message_id").asString()).isEqualTo("wamid.HBgLKNOWN");
		List<FakeGraph.Request> requests = GRAPH.requestsFor(channel.phoneNumberId());
		assertThat(requests).hasSize(1);
		FakeGraph.Request request = requests.get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/v23.0/" + channel.phoneNumberId() + "/messages");
		assertThat(request.authorization()).isEqualTo("Bearer " + channel.accessToken());
		JsonNode body = this.json.readTree(request.body());
		assertThat(body.get("messaging_product").asString()).isEqualTo("whatsapp");
		assertThat(body.get("to").asString()).isEqualTo("+919812345678");
		assertThat(body.get("text").get("body").asString()).isEqualTo("Hello");
	}

	@Test
	void aThroughputErrorPausesTheChannelForMetasRetryAfter() {
		MetaChannel channel = newMetaChannel();
		GRAPH.answerNext(channel.phoneNumberId(), FakeGraph.Answer.error(400, 130429, "Rate limit hit").retryAfter(3));

		SendOutcome outcome = this.provider.send(outbound(channel));

		assertThat(outcome).isEqualTo(
				new SendOutcome.RetryLater(130429, "Rate limit hit", Scope.CHANNEL, Duration.ofSeconds(3), false));
	}

	@Test
	void aPermanentErrorIsRejectedWithMetasCodeTitleAndDetails() {
		MetaChannel channel = newMetaChannel();
		GRAPH.answerNext(channel.phoneNumberId(), FakeGraph.Answer.error(404, 132001, "Template name does not exist"));

		SendOutcome outcome = this.provider.send(outbound(channel));

		assertThat(outcome)
			.isEqualTo(new SendOutcome.Rejected(132001, "Template name does not exist", "Details of 132001"));
	}

	@Test
	void noAnswerWithinTheRequestTimeoutMeansTheMessageMayHaveBeenSent() {
		MetaChannel channel = newMetaChannel();
		GRAPH.answerNext(channel.phoneNumberId(),
				FakeGraph.Answer.wamid(FakeGraph.newWamid()).after(this.properties.requestTimeout().multipliedBy(2)));

		SendOutcome outcome = this.provider.send(outbound(channel));

		assertThat(outcome).isInstanceOfSatisfying(SendOutcome.RetryLater.class, (retry) -> {
			assertThat(retry.scope()).isEqualTo(Scope.MESSAGE);
			assertThat(retry.outcomeUnknown()).isTrue();
		});
	}

	@Test
	void aRefusedConnectionMeansTheMessageWasNotSent() throws IOException {
		MetaChannel channel = newMetaChannel();
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		MetaProperties closed = new MetaProperties(URI.create("http://127.0.0.1:" + closedPort), "v23.0",
				Duration.ofSeconds(1), Duration.ofSeconds(2), null, null, DataSize.ofMegabytes(1),
				Duration.ofSeconds(1), 1, Duration.ZERO, null);
		GraphClient graph = new GraphClient(this.accounts, closed, this.json);
		MetaCloudProvider unreachable = new MetaCloudProvider(this.accounts, closed, graph, this.seen,
				new MetaTemplates(graph, this.media, new MetaResumableUploads(graph), this.json), this.uploads,
				this.profile, this.json);

		SendOutcome outcome = unreachable.send(outbound(channel));

		assertThat(outcome).isInstanceOfSatisfying(SendOutcome.RetryLater.class, (retry) -> {
			assertThat(retry.scope()).isEqualTo(Scope.MESSAGE);
			assertThat(retry.outcomeUnknown()).isFalse();
		});
	}

	private OutboundMessage outbound(MetaChannel meta) {
		Channel channel = this.accounts.findChannel(meta.channelId()).orElseThrow();
		return new OutboundMessage("msg_test", channel, "919812345678", new MessagePayload(MessageType.TEXT, TEXT));
	}

}
