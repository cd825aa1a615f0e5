package dev.wabagate.upstream.sandbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.accounts.ProviderKind;
import dev.wabagate.shared.ApiException;
import dev.wabagate.upstream.MediaObjects;
import dev.wabagate.upstream.CustomerMessageReceived;
import dev.wabagate.upstream.Sandbox;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The sandbox's controls: playing the customer (a message "from" a customer goes through
 * the same inbound path as one from Meta's webhook, and opens the sandbox's 24-hour
 * window for them) and injecting faults.
 */
@Component
class SandboxControls implements Sandbox {

	private static final List<String> CUSTOMER_MEDIA_TYPES = List.of("image", "audio", "video", "document", "sticker");

	/** As long as Meta's customer messages are known (SeenInboundMessages). */
	private static final Duration CUSTOMER_MESSAGES_KEPT_FOR = Duration.ofDays(8);

	private final JdbcClient jdbc;

	private final MediaObjects media;

	private final SandboxTemplates templates;

	private final ApplicationEventPublisher events;

	private final JsonMapper json;

	private final Clock clock;

	SandboxControls(JdbcClient jdbc, MediaObjects media, SandboxTemplates templates, ApplicationEventPublisher events,
			JsonMapper json, Clock clock) {
		this.templates = templates;
		this.jdbc = jdbc;
		this.media = media;
		this.events = events;
		this.json = json;
		this.clock = clock;
	}

	@Override
	@Transactional
	public CustomerMessageReceived receiveFromCustomer(Channel channel, String fromWaId, @Nullable String profileName,
			String type, JsonNode content, @Nullable String contextMessageId) {
		if (channel.provider() != ProviderKind.SANDBOX) {
			throw new IllegalArgumentException("Channel " + channel.id() + " is not a sandbox channel");
		}
		Instant now = this.clock.instant();
		int updated = this.jdbc
			.sql("update sandbox_customers set last_message_at = ? where channel_id = ? and wa_id = ?")
			.params(Timestamp.from(now), channel.id(), fromWaId)
			.update();
		if (updated == 0) {
			this.jdbc.sql("insert into sandbox_customers (channel_id, wa_id, last_message_at) values (?, ?, ?)")
				.params(channel.id(), fromWaId, Timestamp.from(now))
				.update();
		}
		String wamid = SandboxProvider.newWamid();
		attachMedia(channel, type, content);
		this.jdbc.sql("insert into sandbox_customer_messages (channel_id, wamid, received_at) values (?, ?, ?)")
			.params(channel.id(), wamid, Timestamp.from(now))
			.update();
		ObjectNode message = this.json.createObjectNode();
		message.put("from", fromWaId);
		message.put("id", wamid);
		message.put("timestamp", String.valueOf(now.getEpochSecond()));
		message.put("type", type);
		if (contextMessageId != null) {
			message.putObject("context").put("from", channel.displayPhoneNumber()).put("id", contextMessageId);
		}
		message.set(type, content);
		CustomerMessageReceived received = new CustomerMessageReceived(channel.id(), fromWaId, profileName, wamid, type,
				this.json.writeValueAsString(message), now);
		this.events.publishEvent(received);
		return received;
	}

	/**
	 * As on Meta, the business gets a media id {@code GET /v1/media/{id}} serves: a
	 * customer's file names a media object uploaded to the channel (a link is passed on
	 * as given).
	 */
	private void attachMedia(Channel channel, String type, JsonNode content) {
		if (!CUSTOMER_MEDIA_TYPES.contains(type) || !(content instanceof ObjectNode file)
				|| !file.path("id").isString()) {
			return;
		}
		String mediaId = file.path("id").asString();
		if (!this.media.exists(channel, mediaId)) {
			throw ApiException.invalid(type + ".id", "media_of_channel", null, type + ".id '" + mediaId
					+ "' is no media of this channel: upload the customer's file with POST /v1/media first");
		}
		file.put("provider_media_id", mediaId);
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
	void forgetOldCustomerMessages() {
		this.jdbc.sql("delete from sandbox_customer_messages where received_at < ?")
			.param(Timestamp.from(this.clock.instant().minus(CUSTOMER_MESSAGES_KEPT_FOR)))
			.update();
	}

	@Override
	public void addApprovedTemplate(Channel channel, String name, String language, String category,
			JsonNode components) {
		this.templates.addApproved(channel, name, language, category, components);
	}

	@Override
	@Transactional
	public void injectFaults(Channel channel, int errorCode, int count) {
		if (channel.provider() != ProviderKind.SANDBOX) {
			throw ApiException.invalid("channel", "provider", ProviderKind.SANDBOX.wireName(),
					"Faults can only be injected into sandbox channels; this channel uses " + channel.provider());
		}
		this.jdbc.sql("""
				merge into sandbox_faults f using (values (?, ?, ?)) as v (channel_id, error_code, remaining)
				on f.channel_id = v.channel_id
				when matched then update set error_code = v.error_code, remaining = v.remaining
				when not matched then insert (channel_id, error_code, remaining)
				    values (v.channel_id, v.error_code, v.remaining)""")
			.params(channel.id(), errorCode, Math.max(0, count))
			.update();
	}

}
