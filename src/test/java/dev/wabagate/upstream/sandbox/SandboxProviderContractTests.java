package dev.wabagate.upstream.sandbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.support.GatewayClient.Download;
import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.H2GatewayTest;
import dev.wabagate.accounts.AccountService;
import dev.wabagate.upstream.ProviderContract;
import dev.wabagate.upstream.Sandbox;
import dev.wabagate.upstream.UpstreamStatus;
import dev.wabagate.upstream.UpstreamStatus.Kind;
import dev.wabagate.upstream.UpstreamStatusHandler;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider contract on the sandbox. The sandbox reports statuses on its own timeline;
 * the extra reports here take the same path its timeline takes (the status handler,
 * inside a transaction).
 */
class SandboxProviderContractTests extends H2GatewayTest implements ProviderContract {

	@Autowired
	private UpstreamStatusHandler statusHandler;

	@Autowired
	private TransactionTemplate transactions;

	@Autowired
	private Clock clock;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private Sandbox sandbox;

	@Autowired
	private AccountService accounts;

	@Autowired
	private JsonMapper json;

	@Override
	public TestChannel newChannel() {
		return gateway().newSandboxChannel();
	}

	@Override
	public String customerWrites(TestChannel channel, String waId) {
		return gateway().customerWrites(channel, waId).json().get("messages").get(0).get("id").asString();
	}

	@Override
	public String customerSendsImage(TestChannel channel, String waId, byte[] jpeg) {
		Response uploaded = gateway().uploadMedia(channel, "image/jpeg", jpeg);
		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
		String mediaId = uploaded.json().get("media").get(0).get("id").asString();
		Response sent = gateway().curlData("POST", "/v1/sandbox/customer-messages", channel.apiKey(), """
				{"from":"%s","type":"image","image":{"id":"%s","caption":"my receipt"}}""".formatted(waId, mediaId));
		assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
		return sent.json().get("messages").get(0).get("id").asString();
	}

	@Override
	public void providerHasApprovedTemplate(TestChannel channel, String name, String body) {
		this.sandbox.addApprovedTemplate(this.accounts.findChannel(channel.channelId()).orElseThrow(), name, "en_US",
				"UTILITY", this.json.readTree("[{\"type\":\"BODY\",\"text\":\"" + body + "\"}]"));
	}

	/** The sandbox reviews on its own, after its review delay. */
	@Override
	public void providerApprovesTemplate(TestChannel channel, String name) {
	}

	/** The sandbox keeps no copies: nothing of the channel is in the media table. */
	@Override
	public void providerHoldsNoUploadFor(TestChannel channel) {
		assertThat(this.jdbc.sql("select count(*) from media where channel_id = ?")
			.param(channel.channelId())
			.query(Integer.class)
			.single()).isZero();
	}

	/** The sandbox's numbers are always of good standing and unlimited. */
	@Override
	public List<String> providerRatesNumber(TestChannel channel, String qualityRating, String messagingLimitTier) {
		return List.of("GREEN", "TIER_UNLIMITED");
	}

	/** The sandbox's customers see Wabagate's own record. */
	@Override
	public void providerShowsProfile(TestChannel channel, String field, String value) {
		assertThat(this.jdbc.sql("select " + field + " from business_profiles where channel_id = ?")
			.param(channel.channelId())
			.query(String.class)
			.single()).isEqualTo(value);
	}

	/** The sandbox serves the photo from the gateway itself. */
	@Override
	public void providerShowsPhoto(TestChannel channel, byte[] image, String link) {
		assertThat(link).isEqualTo(gateway().base() + "/v1/settings/profile/photo");
		Download photo = gateway().download("/v1/settings/profile/photo", channel.apiKey());
		assertThat(photo.contentType()).isEqualTo("image/png");
		assertThat(photo.bytes()).isEqualTo(image);
	}

	@Override
	public void providerHoldsComplianceInfo(TestChannel channel, String entityName, String entityType) {
		JsonNode info = this.json.readTree(this.jdbc.sql("select document from compliance_info where channel_id = ?")
			.param(channel.channelId())
			.query(String.class)
			.single());
		assertThat(info.path("entity_name").asString()).isEqualTo(entityName);
		assertThat(info.path("entity_type").asString()).isEqualTo(entityType);
	}

	/** The sandbox shows no typing; the message is read from then on. */
	@Override
	public void providerSawReadReceipt(TestChannel channel, String customerMessageId, boolean typingIndicator) {
		assertThat(this.jdbc.sql("select read_at from sandbox_customer_messages where channel_id = ? and wamid = ?")
			.params(channel.channelId(), customerMessageId)
			.query(Timestamp.class)
			.optional()).isPresent();
	}

	@Override
	public void providerReports(TestChannel channel, String wamid, String status, @Nullable Integer errorCode) {
		UpstreamStatus report = new UpstreamStatus(channel.channelId(), wamid, Kind.fromWire(status).orElseThrow(),
				this.clock.instant(), errorCode, (errorCode != null) ? "Sandbox error" : null, null);
		this.transactions.executeWithoutResult((tx) -> this.statusHandler.onStatus(report));
	}

	@Override
	public void nextSendFails(TestChannel channel, int errorCode) {
		assertThat(gateway()
			.admin("PUT", "/admin/v1/channels/" + channel.channelId() + "/sandbox-faults",
					"{\"error_code\":" + errorCode + ",\"count\":1}")
			.status()).isEqualTo(200);
	}

}
