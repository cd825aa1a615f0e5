package dev.wabagate.upstream.sandbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.accounts.ProviderKind;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.GroupCommit;
import dev.wabagate.upstream.MessageType;
import dev.wabagate.upstream.MessagingProvider;
import dev.wabagate.upstream.ProviderProfile;
import dev.wabagate.upstream.ProviderTemplate;
import dev.wabagate.upstream.OutboundMessage;
import dev.wabagate.upstream.PhoneNumberDetails;
import dev.wabagate.upstream.SendOutcome;
import dev.wabagate.upstream.UpstreamStatus.Kind;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Plays WhatsApp for sandbox channels. Accepting a message records it (in order, for
 * tests) and schedules its statuses on the sandbox timeline, all in one transaction,
 * which the sends that finish together share.
 */
@Component
class SandboxProvider implements MessagingProvider {

	private static final Logger log = LoggerFactory.getLogger(SandboxProvider.class);

	private static final Duration CUSTOMER_SERVICE_WINDOW = Duration.ofHours(24);

	private final JdbcClient jdbc;

	/** Sends that finish together are recorded in one transaction. */
	private final GroupCommit<Send> sends;

	private final SandboxTimeline timeline;

	private final SandboxProperties properties;

	private final SandboxTemplates templates;

	private final Clock clock;

	SandboxProvider(JdbcClient jdbc, TransactionTemplate transactions, SandboxTimeline timeline,
			SandboxProperties properties, SandboxTemplates templates, Clock clock) {
		this.templates = templates;
		this.jdbc = jdbc;
		this.sends = new GroupCommit<>(transactions, this::recordAll,
				(send, ex) -> log.error("The sandbox could not record the send of {}; the dispatcher retries it",
						send.message.messageId(), ex));
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
		Send send = new Send(message, newWamid());
		this.sends.record(send);
		SendOutcome outcome = send.outcome;
		if (outcome == null) {
			throw new IllegalStateException("The sandbox could not record the send of " + message.messageId());
		}
		return outcome;
	}

	/** One send waiting for its group's transaction, and what became of it. */
	private static final class Send {

		final OutboundMessage message;

		final String wamid;

		volatile @Nullable SendOutcome outcome;

		Send(OutboundMessage message, String wamid) {
			this.message = message;
			this.wamid = wamid;
		}

		String channelId() {
			return this.message.channel().id();
		}

	}

	/**
	 * Records a group of sends: the injected faults they take, what the sandbox received
	 * and the statuses it will report, each as one statement for the whole group. An
	 * outcome is set only once its group has been recorded; the group commit retries a
	 * failed group send by send.
	 */
	private void recordAll(List<Send> group) {
		group.forEach((send) -> send.outcome = null);
		Instant now = this.clock.instant();
		Map<Send, SendOutcome> outcomes = new HashMap<>();
		takeInjectedFaults(group).forEach(outcomes::put);
		List<Send> accepted = group.stream().filter((send) -> !outcomes.containsKey(send)).toList();
		if (!accepted.isEmpty()) {
			Timestamp receivedAt = Timestamp.from(now);
			recordReceived(accepted, receivedAt);
			Set<String> windowsOpen = customersWhoWroteWithin24h(
					accepted.stream().filter((send) -> send.message.payload().type().needsOpenWindow()).toList(), now);
			List<SandboxTimeline.Due> statuses = new ArrayList<>();
			for (Send send : accepted) {
				statuses.addAll(timelineOf(send, windowsOpen, now));
				outcomes.put(send, new SendOutcome.Accepted(send.wamid));
			}
			this.timeline.schedule(statuses);
		}
		group.forEach((send) -> send.outcome = outcomes.get(send));
	}

	/**
	 * One statement whatever the group's size, the rows in the group's order (typed
	 * arrays, sent as such).
	 */
	private void recordReceived(List<Send> accepted, Timestamp receivedAt) {
		int size = accepted.size();
		String[] channelIds = new String[size];
		String[] recipients = new String[size];
		String[] wamids = new String[size];
		String[] messageIds = new String[size];
		for (int i = 0; i < size; i++) {
			Send send = accepted.get(i);
			channelIds[i] = send.channelId();
			recipients[i] = send.message.recipientWaId();
			wamids[i] = send.wamid;
			messageIds[i] = send.message.messageId();
		}
		this.jdbc.sql("""
				insert into sandbox_received (channel_id, recipient, upstream_id, message_id, received_at)
				select r.channel_id, r.recipient, r.upstream_id, r.message_id, ?
				from unnest(cast(? as varchar array), cast(? as varchar array), cast(? as varchar array),
				    cast(? as varchar array)) with ordinality as r (channel_id, recipient, upstream_id, message_id, n)
				order by r.n""")
			.params(receivedAt, varchars(channelIds), varchars(recipients), varchars(wamids), varchars(messageIds))
			.update();
	}

	private static SqlArrayValue varchars(String[] values) {
		return new SqlArrayValue("varchar", (Object[]) values);
	}

	/** What WhatsApp will report of an accepted message. */
	private List<SandboxTimeline.Due> timelineOf(Send send, Set<String> windowsOpen, Instant now) {
		String channelId = send.channelId();
		String recipient = send.message.recipientWaId();
		Instant sentAt = now.plus(this.properties.sentDelay());
		if (send.message.payload().type().needsOpenWindow() && !windowsOpen.contains(channelId + "/" + recipient)) {
			return List
				.of(new SandboxTimeline.Due(channelId, send.wamid, Kind.FAILED, sentAt, 131047, "Re-engagement message",
						"More than 24 hours have passed since the customer last replied to this number"));
		}
		if (recipient.endsWith(SandboxFaults.UNDELIVERABLE_SUFFIX)) {
			return List.of(new SandboxTimeline.Due(channelId, send.wamid, Kind.FAILED, sentAt, 131026,
					"Message Undeliverable", "The recipient is not on WhatsApp (sandbox)"));
		}
		if (send.message.payload().type() == MessageType.REACTION) {
			return List.of(SandboxTimeline.Due.of(channelId, send.wamid, Kind.SENT, sentAt));
		}
		return List.of(SandboxTimeline.Due.of(channelId, send.wamid, Kind.SENT, sentAt),
				SandboxTimeline.Due.of(channelId, send.wamid, Kind.DELIVERED,
						now.plus(this.properties.deliveredDelay())),
				SandboxTimeline.Due.of(channelId, send.wamid, Kind.READ, now.plus(this.properties.readDelay())));
	}

	/**
	 * Consumes the injected faults the group's sends meet, in their order. Sends almost
	 * never meet one, so the common case is a single read that finds no row.
	 */
	private Map<Send, SendOutcome> takeInjectedFaults(List<Send> group) {
		record Fault(int errorCode, int remaining) {
		}
		Map<String, Fault> faults = new HashMap<>();
		this.jdbc.sql("""
				select channel_id, error_code, remaining from sandbox_faults
				where channel_id = any(?) and remaining > 0 order by channel_id for update""")
			.param(varchars(group.stream().map(Send::channelId).distinct().toArray(String[]::new)))
			.query((rs, i) -> faults.put(rs.getString(1), new Fault(rs.getInt(2), rs.getInt(3))))
			.list();
		if (faults.isEmpty()) {
			return Map.of();
		}
		Map<Send, SendOutcome> taken = new HashMap<>();
		Map<String, Integer> takenPerChannel = new HashMap<>();
		for (Send send : group) {
			Fault fault = faults.get(send.channelId());
			if (fault != null && takenPerChannel.getOrDefault(send.channelId(), 0) < fault.remaining()) {
				takenPerChannel.merge(send.channelId(), 1, Integer::sum);
				taken.put(send, SandboxFaults.outcome(fault.errorCode()));
			}
		}
		takenPerChannel.forEach((channelId, count) -> this.jdbc
			.sql("update sandbox_faults set remaining = remaining - ? where channel_id = ?")
			.params(count, channelId)
			.update());
		return taken;
	}

	/**
	 * The channel/recipient pairs among these sends whose customer wrote within 24 hours.
	 */
	private Set<String> customersWhoWroteWithin24h(List<Send> sends, Instant now) {
		if (sends.isEmpty()) {
			return Set.of();
		}
		Set<String> open = new HashSet<>();
		sends.stream()
			.collect(Collectors.groupingBy(Send::channelId,
					Collectors.mapping((send) -> send.message.recipientWaId(), Collectors.toSet())))
			.forEach((channelId, recipients) -> this.jdbc.sql("""
					select wa_id from sandbox_customers
					where channel_id = ? and wa_id = any(?) and last_message_at > ?""")
				.params(channelId, varchars(recipients.toArray(new String[0])),
						Timestamp.from(now.minus(CUSTOMER_SERVICE_WINDOW)))
				.query((rs, i) -> open.add(channelId + "/" + rs.getString(1)))
				.list());
		return open;
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
