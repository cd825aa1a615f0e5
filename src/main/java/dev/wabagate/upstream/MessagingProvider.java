package dev.wabagate.upstream;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.accounts.ProviderKind;

/**
 * A WhatsApp provider: the sandbox simulator or Meta's Cloud API. Management calls (all
 * but {@link #send}) answer or throw {@link dev.wabagate.shared.ApiException}: the
 * provider's refusal as a 4xx naming its code, an outage or rate limit as 503 with
 * {@code Retry-After}, never a bare exception.
 */
public interface MessagingProvider {

	/** Which channels this provider carries. */
	ProviderKind kind();

	/**
	 * Hands one message to the provider. Never throws for provider or network failures:
	 * those are outcomes ({@link SendOutcome.RetryLater} or
	 * {@link SendOutcome.Rejected}).
	 */
	SendOutcome send(OutboundMessage message);

	/**
	 * Marks a customer's message read (the blue ticks), optionally showing the customer a
	 * typing indicator until the business replies.
	 * @param customerMessageId the message's id as the webhook gave it (a wamid); a
	 * message this channel never received is a 404
	 */
	void markRead(Channel channel, String customerMessageId, boolean typingIndicator);

	/**
	 * Submits a template for review (Meta: {@code POST /{waba_id}/message_templates}).
	 * @param components the components, already in the provider's shape
	 * @return the template as the provider took it (its id and first status)
	 * @throws dev.wabagate.shared.ApiException 400 naming the provider's code and message
	 * when it refuses the template
	 */
	ProviderTemplate submitTemplate(Channel channel, String name, String language, String category,
			JsonNode components);

	/**
	 * Deletes every language of a template by name (Meta's delete by name), or only the
	 * one with this provider id (Meta's {@code hsm_id}).
	 */
	void deleteTemplate(Channel channel, String name, @Nullable String providerTemplateId);

	/**
	 * Gives the provider its copy of an uploaded file (Meta: {@code POST
	 * /{phone_number_id}/media}).
	 * @return the provider's id for it; empty when the provider keeps no copy of its own
	 */
	Optional<String> uploadMedia(Channel channel, String mimeType, @Nullable String filename, byte[] content);

	/**
	 * The provider's view of the channel's number: quality rating, messaging tier, ...
	 */
	PhoneNumberDetails phoneNumber(Channel channel);

	/** Every template the provider holds for the channel's business account. */
	List<ProviderTemplate> templates(Channel channel);

	/**
	 * The business profile customers see (Meta: {@code GET
	 * /{phone_number_id}/whatsapp_business_profile}).
	 * @return empty when customers see Wabagate's own record (the sandbox)
	 */
	Optional<ProviderProfile> businessProfile(Channel channel);

	/**
	 * Changes what customers see of the profile (Meta: {@code POST
	 * /{phone_number_id}/whatsapp_business_profile}), before Wabagate stores it.
	 * @param changes the fields to change; see {@link ProviderProfile}
	 */
	void updateBusinessProfile(Channel channel, ProviderProfile changes);

	/**
	 * Sets the profile photo customers see (Meta: the file through the Resumable Upload
	 * API, then its handle as {@code profile_picture_handle}), before Wabagate stores it.
	 */
	void setProfilePhoto(Channel channel, String mimeType, byte[] content);

	/**
	 * Removes the profile photo customers see.
	 * @throws dev.wabagate.shared.ApiException 400 when the provider cannot (Meta has no
	 * such call)
	 */
	void deleteProfilePhoto(Channel channel);

	/**
	 * The India compliance info the provider holds (Meta: {@code GET
	 * /{phone_number_id}/business_compliance_info}).
	 * @return the provider's record, an empty object when it holds none; empty when
	 * Wabagate's own record is the only one (the sandbox)
	 */
	Optional<JsonNode> complianceInfo(Channel channel);

	/**
	 * Gives the provider the India compliance info (Meta: {@code POST
	 * /{phone_number_id}/business_compliance_info}), before Wabagate stores it.
	 * @param info the validated record in Meta's shape, {@code messaging_product}
	 * included
	 */
	void updateComplianceInfo(Channel channel, JsonNode info);

}
