package dev.wabagate.upstream.meta;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.Channel;
import dev.wabagate.accounts.ProviderKind;
import dev.wabagate.shared.ApiException;
import dev.wabagate.upstream.CustomerMessageReceived;
import dev.wabagate.upstream.TemplateChangeReported;
import dev.wabagate.upstream.TemplateStatusReported;
import dev.wabagate.upstream.UpstreamStatus;
import dev.wabagate.upstream.UpstreamStatus.Kind;
import dev.wabagate.upstream.UpstreamStatusHandler;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes in what Meta's webhook reports: checks the signature, then turns each change into
 * a neutral status, customer message or template report, all in one transaction.
 */
@Service
class MetaWebhookIntake {

	private static final Logger log = LoggerFactory.getLogger(MetaWebhookIntake.class);

	/** Meta's payloads are at most 3 MB; anything larger is not from Meta. */
	private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

	private final AccountService accounts;

	private final UpstreamStatusHandler statuses;

	private final SeenInboundMessages seen;

	private final CustomerMediaDownloads downloads;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final MetaProperties properties;

	private final JsonMapper json;

	private final Clock clock;

	MetaWebhookIntake(AccountService accounts, UpstreamStatusHandler statuses, SeenInboundMessages seen,
			CustomerMediaDownloads downloads, ApplicationEventPublisher events, TransactionTemplate transactions,
			MetaProperties properties, JsonMapper json, Clock clock) {
		this.accounts = accounts;
		this.statuses = statuses;
		this.seen = seen;
		this.downloads = downloads;
		this.events = events;
		this.transactions = transactions;
		this.properties = properties;
		this.json = json;
		this.clock = clock;
	}

	enum Result {

		/** Taken in (or deliberately ignored): Meta may forget it. */
		DONE,
		/** The signature is missing or wrong: nothing was taken in. */
		UNAUTHENTIC,
		/** Signed, but not JSON. */
		MALFORMED,
		/**
		 * A customer's file could not be fetched from Meta: nothing was taken in, and
		 * Meta's redelivery tries again.
		 */
		RETRY_LATER

	}

	/** Whether Meta's webhook verification presents a token we gave out. */
	boolean isOurVerifyToken(String presented) {
		List<String> tokens = new ArrayList<>();
		if (this.properties.verifyToken() != null && !this.properties.verifyToken().isBlank()) {
			tokens.add(this.properties.verifyToken());
		}
		for (Channel channel : metaChannels()) {
			String token = this.accounts.credentialsOf(channel.id()).get("verify_token");
			if (token != null && !token.isBlank()) {
				tokens.add(token);
			}
		}
		boolean matched = false;
		for (String token : tokens) {
			matched |= WebhookSignature.equalsConstantTime(token, presented);
		}
		return matched;
	}

	Result receive(byte[] body, @Nullable String signature) {
		if (body.length > MAX_BODY_BYTES) {
			return Result.UNAUTHENTIC;
		}
		JsonNode payload;
		try {
			payload = this.json.readTree(body);
		}
		catch (JacksonException ex) {
			payload = null;
		}
		Set<String> secrets = (payload != null) ? secretsFor(payload) : globalSecret();
		if (secrets.isEmpty()
				|| !secrets.stream().allMatch((secret) -> WebhookSignature.matches(signature, secret, body))) {
			return Result.UNAUTHENTIC;
		}
		if (payload == null || !payload.isObject()) {
			return Result.MALFORMED;
		}
		if (!"whatsapp_business_account".equals(payload.path("object").asString(""))) {
			return Result.DONE;
		}
		try {
			downloadCustomerMedia(payload);
		}
		catch (ApiException ex) {
			log.warn("A customer's file could not be fetched from Meta; the webhook is answered 503 for Meta to "
					+ "redeliver: {}", ex.getMessage());
			return Result.RETRY_LATER;
		}
		JsonNode signed = payload;
		this.transactions.executeWithoutResult((tx) -> takeIn(signed));
		return Result.DONE;
	}

	/**
	 * Before the intake's transaction: a download takes a while and must not hold one. A
	 * file Meta no longer has (or refuses for good) leaves the message with Meta's id
	 * only; an outage or a refused token answers the webhook 503 so Meta tries again.
	 */
	private void downloadCustomerMedia(JsonNode payload) {
		for (JsonNode entry : payload.path("entry")) {
			for (JsonNode change : entry.path("changes")) {
				JsonNode value = change.path("value");
				if (!"messages".equals(change.path("field").asString("")) || value.path("messages").isEmpty()) {
					continue;
				}
				Optional<Channel> channel = this.accounts.findChannelByPhoneNumberId(ProviderKind.META,
						value.path("metadata").path("phone_number_id").asString(""));
				for (JsonNode message : value.path("messages")) {
					if (channel.isPresent() && message instanceof ObjectNode object) {
						attachMedia(channel.get(), object);
					}
				}
			}
		}
	}

	private void attachMedia(Channel channel, ObjectNode message) {
		try {
			this.downloads.attach(channel, message);
		}
		catch (ApiException ex) {
			if (ex.status() == HttpStatus.SERVICE_UNAVAILABLE || ex.status() == HttpStatus.BAD_GATEWAY) {
				throw ex;
			}
			log.warn("Customer media of message {} on channel {} not downloaded: {}", message.path("id").asString(""),
					channel.id(), ex.getMessage());
		}
	}

	/**
	 * The app secrets the payload must be signed with: each named channel's own, or the
	 * global one. A payload naming channels of two apps cannot be signed by both, so one
	 * tenant's secret never vouches for another's channel.
	 */
	private Set<String> secretsFor(JsonNode payload) {
		Set<String> secrets = new LinkedHashSet<>();
		Set<String> named = new HashSet<>();
		for (JsonNode entry : payload.path("entry")) {
			for (JsonNode change : entry.path("changes")) {
				for (Channel channel : channelsNamedBy(entry, change)) {
					if (!named.add(channel.id())) {
						continue;
					}
					String own = this.accounts.credentialsOf(channel.id()).get("app_secret");
					if (own != null && !own.isBlank()) {
						secrets.add(own);
					}
					else {
						secrets.addAll(globalSecret());
						if (globalSecret().isEmpty()) {
							// A channel without any secret cannot be vouched for.
							return Set.of();
						}
					}
				}
			}
		}
		return named.isEmpty() ? globalSecret() : secrets;
	}

	private Set<String> globalSecret() {
		String secret = this.properties.appSecret();
		return (secret == null || secret.isBlank()) ? Set.of() : Set.of(secret);
	}

	private List<Channel> channelsNamedBy(JsonNode entry, JsonNode change) {
		String phoneNumberId = change.path("value").path("metadata").path("phone_number_id").asString("");
		if (!phoneNumberId.isEmpty()) {
			return this.accounts.findChannelByPhoneNumberId(ProviderKind.META, phoneNumberId).stream().toList();
		}
		String wabaId = entry.path("id").asString("");
		return metaChannels().stream().filter((channel) -> channel.wabaId().equals(wabaId)).toList();
	}

	private List<Channel> metaChannels() {
		return this.accounts.allChannels()
			.stream()
			.filter((channel) -> channel.provider() == ProviderKind.META)
			.toList();
	}

	private void takeIn(JsonNode payload) {
		for (JsonNode entry : payload.path("entry")) {
			for (JsonNode change : entry.path("changes")) {
				JsonNode value = change.path("value");
				switch (change.path("field").asString("")) {
					case "messages" -> takeInMessages(value);
					case "message_template_status_update" -> reportTemplateStatus(entry.path("id").asString(""), value);
					case "message_template_quality_update" ->
						this.events.publishEvent(new TemplateChangeReported(entry.path("id").asString(""),
								value.path("message_template_id").asString(""),
								textOrNull(value.path("new_quality_score")), null));
					case "template_category_update" ->
						this.events.publishEvent(new TemplateChangeReported(entry.path("id").asString(""),
								value.path("message_template_id").asString(""), null,
								textOrNull(value.path("new_category"))));
					default -> log.debug("Ignoring Meta webhook field {}", change.path("field").asString(""));
				}
			}
		}
	}

	private void takeInMessages(JsonNode value) {
		String phoneNumberId = value.path("metadata").path("phone_number_id").asString("");
		Optional<Channel> found = this.accounts.findChannelByPhoneNumberId(ProviderKind.META, phoneNumberId);
		if (found.isEmpty()) {
			log.warn("Meta reported for phone_number_id {}, which is no meta channel here; ignored", phoneNumberId);
			return;
		}
		Channel channel = found.get();
		for (JsonNode status : value.path("statuses")) {
			upstreamStatus(channel, status).ifPresent(this.statuses::onStatus);
		}
		for (JsonNode message : value.path("messages")) {
			String wamid = message.path("id").asString("");
			if (!wamid.isEmpty() && this.seen.firstTime(channel.id(), wamid)) {
				this.events.publishEvent(customerMessage(channel, message, value.path("contacts")));
			}
		}
	}

	/**
	 * The report, unless it is of a kind Wabagate does not track ({@code played}, ...).
	 */
	private static Optional<UpstreamStatus> upstreamStatus(Channel channel, JsonNode status) {
		Optional<Kind> kind = Kind.fromWire(status.path("status").asString(""));
		if (kind.isEmpty()) {
			return Optional.empty();
		}
		JsonNode error = status.path("errors").path(0);
		Integer code = error.path("code").isNumber() ? error.path("code").asInt() : null;
		String details = error.path("error_data").path("details").asString(error.path("message").asString(""));
		return Optional.of(new UpstreamStatus(channel.id(), status.path("id").asString(), kind.get(),
				epochSeconds(status.path("timestamp")), code, (code != null) ? error.path("title").asString("") : null,
				(code != null) ? details : null));
	}

	private CustomerMessageReceived customerMessage(Channel channel, JsonNode message, JsonNode contacts) {
		String from = message.path("from").asString("");
		JsonNode contact = contacts.path(0);
		for (JsonNode candidate : contacts) {
			if (from.equals(candidate.path("wa_id").asString(""))) {
				contact = candidate;
			}
		}
		JsonNode name = contact.path("profile").path("name");
		return new CustomerMessageReceived(channel.id(), from, name.isString() ? name.asString() : null,
				message.path("id").asString(), message.path("type").asString("unknown"),
				this.json.writeValueAsString(message), epochSeconds(message.path("timestamp")));
	}

	private void reportTemplateStatus(String wabaId, JsonNode value) {
		this.events.publishEvent(new TemplateStatusReported(wabaId, value.path("message_template_id").asString(""),
				textOrNull(value.path("message_template_name")), textOrNull(value.path("message_template_language")),
				value.path("event").asString(""), textOrNull(value.path("reason"))));
	}

	/** Meta sends Unix seconds as a string. */
	private static Instant epochSeconds(JsonNode timestamp) {
		return Instant.ofEpochSecond(Long.parseLong(timestamp.asString("0").strip()));
	}

	private static @Nullable String textOrNull(JsonNode node) {
		return (node.isString() || node.isNumber()) ? node.asString() : null;
	}

}
