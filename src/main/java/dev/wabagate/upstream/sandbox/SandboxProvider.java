package dev.wabagate.upstream.sandbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.accounts.ProviderKind;
import dev.wabagate.shared.ApiException;
import dev.wabagate.upstream.MessageType;
import dev.wabagate.upstream.MessagingProvider;
import dev.wabagate.upstream.ProviderProfile;
import dev.wabagate.upstream.ProviderTemplate;
import dev.wabagate.upstream.OutboundMessage;
import dev.wabagate.upstream.PhoneNumberDetails;
import dev.wabagate.upstream.SendOutcome;
import dev.wabagate.upstream.UpstreamStatus.Kind;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Plays WhatsApp for sandbox channels. Accepting a message records it (in order, for
 * tests) and schedules its statuses on the sandbox timeline, all in one transaction.
 */
@Component
class SandboxProvider implements MessagingProvider {

	private static final Duration CUSTOMER_SERVICE_WINDOW = Duration.ofHours(24);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final SandboxTimeline timeline;

	private final SandboxProperties properties;

	private final SandboxTemplates templates;

	private final Clock clock;

	SandboxProvider(JdbcClient jdbc, TransactionTemplate transactions, SandboxTimeline timeline,
			SandboxProperties properties, SandboxTemplates templates, Clock clock) {
		this.templates = templates;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.timeline = timeline;
		this.properties = properties;
		this.clock = clock;
	}

	@Override
	public ProviderKind kind() {
		return ProviderKind.SANDBOX;
	}

	/**
	 * The sandbox's customers see their messages read at once; there is no typing to
	 * show.
	 */
	@Override
	public void markRead(Channel channel, String customerMessageId, boolean typingIndicator) {
		int marked = this.jdbc
			.sql("""
					update sandbox_customer_messages set read_at = coalesce(read_at, ?) where channel_id = ? and wamid = ?""")
			.params(Timestamp.from(this.clock.instant()), channel.id(), customerMessageId)
			.update();
		if (marked == 0) {
			throw ApiException.notFound("Customer message " + customerMessageId);
		}
	}

	@Override
	public ProviderTemplate submitTemplate(Channel channel, String name, String language, String category,
			JsonNode components) {
		return this.templates.submit(channel, name, language, category, components);
	}

	@Override
	public void deleteTemplate(Channel channel, String name, @Nullable String providerTemplateId) {
		this.templates.delete(channel, name, providerTemplateId);
	}

	/** The sandbox's numbers are of good standing and unlimited. */
	@Override
	public PhoneNumberDetails phoneNumber(Channel channel) {
		return new PhoneNumberDetails("+" + channel.displayPhoneNumber(), "Sandbox", "GREEN", "TIER_UNLIMITED",
				"APPROVED");
	}

	/** The sandbox serves media from Wabagate's own store. */
	@Override
	public Optional<String> uploadMedia(Channel channel, String mimeType, @Nullable String filename, byte[] content) {
		return Optional.empty();
	}

	@Override
	public List<ProviderTemplate> templates(Channel channel) {
		return this.templates.all(channel);
	}

	/** The sandbox's customers see Wabagate's own record of the profile. */
	@Override
	public Optional<ProviderProfile> businessProfile(Channel channel) {
		return Optional.empty();
	}

	@Override
	public void updateBusinessProfile(Channel channel, ProviderProfile changes) {
	}

	@Override
	public void setProfilePhoto(Channel channel, String mimeType, byte[] content) {
	}

	@Override
	public void deleteProfilePhoto(Channel channel) {
	}

	/** Wabagate's own record of the compliance info is the sandbox's. */
	@Override
	public Optional<JsonNode> complianceInfo(Channel channel) {
		return Optional.empty();
	}

	@Override
	public void updateComplianceInfo(Channel channel, JsonNode info) {
	}

	@Override
	public SendOutcome send(OutboundMessage message) {
		String recipient = message.recipientWaId();
		if (recipient.endsWith(SandboxFaults.TIMEOUT_SUFFIX)) {
			sleep(this.properties.timeoutDelay());
			return SandboxFaults.timeout(this.properties.timeoutDelay());
		}
		Optional<SendOutcome> fault = SandboxFaults.forRecipient(recipient);
		if (fault.isPresent()) {
			return fault.get();
		}
		String wamid = newWamid();
		return this.transactions.execute((tx) -> {
			SendOutcome injected = takeInjectedFault(message.channel().id());
			if (injected != null) {
				return injected;
			}
			accept(message, wamid);
			return new SendOutcome.Accepted(wamid);
		});
	}

	/**
	 * Consumes one injected fault of the channel, if any is left. Sends almost never meet
	 * one, so the common case is a single update that touches no row, in the transaction
	 * that records the accepted message.
	 */
	private @Nullable SendOutcome takeInjectedFault(String channelId) {
		int taken = this.jdbc
			.sql("update sandbox_faults set remaining = remaining - 1 where channel_id = ? and remaining > 0")
			.param(channelId)
			.update();
		if (taken == 0) {
			return null;
		}
		int code = this.jdbc.sql("select error_code from sandbox_faults where channel_id = ?")
			.param(channelId)
			.query(Integer.class)
			.single();
		return SandboxFaults.outcome(code);
	}

	private void accept(OutboundMessage message, String wamid) {
		Instant now = this.clock.instant();
		String channelId = message.channel().id();
		this.jdbc.sql("""
				insert into sandbox_received (channel_id, recipient, upstream_id, message_id, received_at)
				values (?, ?, ?, ?, ?)""")
			.params(channelId, message.recipientWaId(), wamid, message.messageId(), Timestamp.from(now))
			.update();
		if (message.payload().type().needsOpenWindow()
				&& !customerWroteWithin24h(channelId, message.recipientWaId(), now)) {
			this.timeline.scheduleStatus(channelId, wamid, Kind.FAILED, now.plus(this.properties.sentDelay()), 131047,
					"Re-engagement message",
					"More than 24 hours have passed since the customer last replied to this number");
			return;
		}
		if (message.recipientWaId().endsWith(SandboxFaults.UNDELIVERABLE_SUFFIX)) {
			this.timeline.scheduleStatus(channelId, wamid, Kind.FAILED, now.plus(this.properties.sentDelay()), 131026,
					"Message Undeliverable", "The recipient is not on WhatsApp (sandbox)");
			return;
		}
		if (message.payload().type() == MessageType.REACTION) {
			this.timeline.scheduleStatus(channelId, wamid, Kind.SENT, now.plus(this.properties.sentDelay()), null, null,
					null);
			return;
		}
		this.timeline.scheduleDeliveredAndRead(channelId, wamid, now.plus(this.properties.sentDelay()),
				now.plus(this.properties.deliveredDelay()), now.plus(this.properties.readDelay()));
	}

	private boolean customerWroteWithin24h(String channelId, String waId, Instant now) {
		return this.jdbc
			.sql("select count(*) from sandbox_customers where channel_id = ? and wa_id = ? and last_message_at > ?")
			.params(channelId, waId, Timestamp.from(now.minus(CUSTOMER_SERVICE_WINDOW)))
			.query(Integer.class)
			.single() > 0;
	}

	/** A message id shaped like Meta's: {@code wamid.} and base64. */
	static String newWamid() {
		byte[] random = new byte[24];
		ThreadLocalRandom.current().nextBytes(random);
		return "wamid.HBgL" + Base64.getEncoder().withoutPadding().encodeToString(random);
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
