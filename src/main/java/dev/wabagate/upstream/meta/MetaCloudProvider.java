package dev.wabagate.upstream.meta;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.Channel;
import dev.wabagate.accounts.ProviderKind;
import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ErrorCodes;
import dev.wabagate.upstream.MessageType;
import dev.wabagate.upstream.MessagingProvider;
import dev.wabagate.upstream.OutboundMessage;
import dev.wabagate.upstream.PhoneNumberDetails;
import dev.wabagate.upstream.ProviderProfile;
import dev.wabagate.upstream.ProviderTemplate;
import dev.wabagate.upstream.SendOutcome.Scope;
import dev.wabagate.upstream.SendOutcome;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Sends through Meta's WhatsApp Cloud API: {@code POST
 * {graph}/{version}/{phone_number_id}/messages} with the channel's access token. The
 * payload is already Cloud-shaped; this class only carries it and reads the answer.
 */
@Component
class MetaCloudProvider implements MessagingProvider {

	private final AccountService accounts;

	private final MetaProperties properties;

	private final GraphClient graph;

	private final SeenInboundMessages seen;

	private final MetaTemplates templates;

	private final MetaMediaUploads uploads;

	private final MetaBusinessProfile profile;

	/** How long Meta's answer about a number is shown before asking again. */
	static final Duration PHONE_NUMBER_FRESH_FOR = Duration.ofMinutes(1);

	private final Map<String, CachedDetails> phoneNumbers = new ConcurrentHashMap<>();

	private final JsonMapper json;

	MetaCloudProvider(AccountService accounts, MetaProperties properties, GraphClient graph, SeenInboundMessages seen,
			MetaTemplates templates, MetaMediaUploads uploads, MetaBusinessProfile profile, JsonMapper json) {
		this.uploads = uploads;
		this.profile = profile;
		this.templates = templates;
		this.accounts = accounts;
		this.properties = properties;
		this.graph = graph;
		this.seen = seen;
		this.json = json;
	}

	@Override
	public ProviderKind kind() {
		return ProviderKind.META;
	}

	@Override
	public SendOutcome send(OutboundMessage message) {
		Channel channel = message.channel();
		String token = this.accounts.credentialsOf(channel.id()).get("access_token");
		if (token == null) {
			return new SendOutcome.Rejected(190, "Access token missing",
					"Channel " + channel.id() + " has no credentials.access_token for Meta");
		}
		String payload;
		try {
			payload = this.uploads.withMetasMediaId(channel, message.payload().type(), withLanguagePolicy(message));
		}
		catch (ApiException ex) {
			return uploadFailed(ex);
		}
		HttpRequest request = HttpRequest.newBuilder(messagesUri(channel))
			.timeout(this.properties.requestTimeout())
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(payload))
			.build();
		HttpResponse<String> response;
		try {
			response = this.graph.http().send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (HttpConnectTimeoutException | ConnectException | UnresolvedAddressException ex) {
			return notSent("Could not reach Meta: " + ex);
		}
		catch (HttpTimeoutException ex) {
			return mayHaveBeenSent("No answer from Meta within " + this.properties.requestTimeout());
		}
		catch (IOException ex) {
			// The request may have been written before the connection broke.
			return mayHaveBeenSent("Connection to Meta failed: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return mayHaveBeenSent("Interrupted while waiting for Meta");
		}
		return outcomeOf(response);
	}

	/**
	 * Meta's document requires a template's {@code language.policy};
	 * {@code deterministic} is its only value, and the business API does not ask for it.
	 */
	private String withLanguagePolicy(OutboundMessage message) {
		String cloudJson = message.payload().cloudJson();
		if (message.payload().type() != MessageType.TEMPLATE) {
			return cloudJson;
		}
		JsonNode payload = this.json.readTree(cloudJson);
		if (payload.path("template").path("language") instanceof ObjectNode language && !language.has("policy")) {
			language.put("policy", "deterministic");
			return this.json.writeValueAsString(payload);
		}
		return cloudJson;
	}

	private URI messagesUri(Channel channel) {
		return this.graph.uri(channel.phoneNumberId() + "/messages");
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

	/**
	 * Asked at most every {@link #PHONE_NUMBER_FRESH_FOR} per channel: it changes slowly.
	 */
	@Override
	public PhoneNumberDetails phoneNumber(Channel channel) {
		Instant now = Instant.now();
		CachedDetails cached = this.phoneNumbers.get(channel.id());
		if (cached != null && cached.fetchedAt().plus(PHONE_NUMBER_FRESH_FOR).isAfter(now)) {
			return cached.details();
		}
		JsonNode number = this.graph.get(channel, "reading the phone number", channel.phoneNumberId()
				+ "?fields=display_phone_number,verified_name,quality_rating,messaging_limit_tier,name_status");
		PhoneNumberDetails details = new PhoneNumberDetails(textOrNull(number, "display_phone_number"),
				textOrNull(number, "verified_name"), number.path("quality_rating").asString("UNKNOWN"),
				textOrNull(number, "messaging_limit_tier"), textOrNull(number, "name_status"));
		this.phoneNumbers.put(channel.id(), new CachedDetails(details, now));
		return details;
	}

	private static @Nullable String textOrNull(JsonNode node, String field) {
		return node.path(field).isString() ? node.path(field).asString() : null;
	}

	private record CachedDetails(PhoneNumberDetails details, Instant fetchedAt) {
	}

	@Override
	public Optional<String> uploadMedia(Channel channel, String mimeType, @Nullable String filename, byte[] content) {
		return Optional.of(this.uploads.upload(channel, mimeType, filename, content));
	}

	@Override
	public List<ProviderTemplate> templates(Channel channel) {
		return this.templates.all(channel);
	}

	@Override
	public Optional<ProviderProfile> businessProfile(Channel channel) {
		return Optional.of(this.profile.profile(channel));
	}

	@Override
	public void updateBusinessProfile(Channel channel, ProviderProfile changes) {
		this.profile.update(channel, changes);
	}

	@Override
	public void setProfilePhoto(Channel channel, String mimeType, byte[] content) {
		this.profile.setPhoto(channel, mimeType, content);
	}

	@Override
	public void deleteProfilePhoto(Channel channel) {
		this.profile.deletePhoto();
	}

	@Override
	public Optional<JsonNode> complianceInfo(Channel channel) {
		return Optional.of(this.profile.complianceInfo(channel));
	}

	@Override
	public void updateComplianceInfo(Channel channel, JsonNode info) {
		this.profile.updateComplianceInfo(channel, info);
	}

	@Override
	public void markRead(Channel channel, String customerMessageId, boolean typingIndicator) {
		if (!this.seen.wasReceived(channel.id(), customerMessageId)) {
			throw ApiException.notFound("Customer message " + customerMessageId);
		}
		ObjectNode body = this.json.createObjectNode()
			.put("messaging_product", "whatsapp")
			.put("status", "read")
			.put("message_id", customerMessageId);
		if (typingIndicator) {
			body.putObject("typing_indicator").put("type", "text");
		}
		this.graph.postJson(channel, "marking message " + customerMessageId + " read",
				channel.phoneNumberId() + "/messages", body);
	}

	private SendOutcome outcomeOf(HttpResponse<String> response) {
		JsonNode body = this.graph.parse(response.body());
		if (response.statusCode() / 100 == 2) {
			JsonNode id = (body != null) ? body.path("messages").path(0).path("id") : null;
			if (id != null && id.isString() && !id.asString().isBlank()) {
				return new SendOutcome.Accepted(id.asString());
			}
			return mayHaveBeenSent("Meta answered " + response.statusCode() + " without a message id");
		}
		return GraphErrors.classify(response.statusCode(), body, GraphClient.retryAfter(response));
	}

	/**
	 * The file could not be (re-)uploaded: the message waits, or fails with Meta's
	 * refusal.
	 */
	private static SendOutcome uploadFailed(ApiException ex) {
		ApiError error = ex.errors().get(0);
		if (ex.status() == HttpStatus.SERVICE_UNAVAILABLE) {
			return new SendOutcome.RetryLater(error.code(), error.title(), Scope.MESSAGE, null, false);
		}
		return new SendOutcome.Rejected(error.code(), error.title(), error.details());
	}

	private static SendOutcome notSent(String title) {
		return new SendOutcome.RetryLater(ErrorCodes.CLOUD_SOMETHING_WENT_WRONG, title, Scope.MESSAGE, null, false);
	}

	private static SendOutcome mayHaveBeenSent(String title) {
		return new SendOutcome.RetryLater(ErrorCodes.CLOUD_SOMETHING_WENT_WRONG, title, Scope.MESSAGE, null, true);
	}

}
