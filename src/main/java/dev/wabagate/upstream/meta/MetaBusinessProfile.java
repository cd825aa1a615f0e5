package dev.wabagate.upstream.meta;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiException;
import dev.wabagate.upstream.ProviderProfile;

import org.springframework.stereotype.Component;

/**
 * What customers see of a number on Meta: its business profile and photo
 * ({@code /{phone_number_id}/whatsapp_business_profile}, the photo through the Resumable
 * Upload API) and its India compliance info ({@code business_compliance_info}).
 */
@Component
class MetaBusinessProfile {

	private static final String PROFILE_FIELDS = "about,address,description,email,profile_picture_url,websites,vertical";

	private final GraphClient graph;

	private final MetaResumableUploads uploads;

	private final JsonMapper json;

	MetaBusinessProfile(GraphClient graph, MetaResumableUploads uploads, JsonMapper json) {
		this.graph = graph;
		this.uploads = uploads;
		this.json = json;
	}

	ProviderProfile profile(Channel channel) {
		JsonNode answer = this.graph.get(channel, "reading the business profile",
				channel.phoneNumberId() + "/whatsapp_business_profile?fields=" + PROFILE_FIELDS);
		// Meta's OpenAPI document nests the fields in business_profile;
		// its older reference and its live answers have them flat.
		JsonNode first = answer.path("data").path(0);
		JsonNode profile = first.path("business_profile").isObject() ? first.path("business_profile") : first;
		List<String> websites = new ArrayList<>();
		profile.path("websites").forEach((website) -> websites.add(website.asString()));
		return new ProviderProfile(text(profile, "about"), text(profile, "address"), text(profile, "description"),
				text(profile, "email"), text(profile, "vertical"), websites, text(profile, "profile_picture_url"));
	}

	void update(Channel channel, ProviderProfile changes) {
		ObjectNode body = this.json.createObjectNode().put("messaging_product", "whatsapp");
		putIfGiven(body, "about", changes.about());
		putIfGiven(body, "address", changes.address());
		putIfGiven(body, "description", changes.description());
		putIfGiven(body, "email", changes.email());
		putIfGiven(body, "vertical", changes.vertical());
		if (changes.websites() != null) {
			changes.websites().forEach(body.putArray("websites")::add);
		}
		updateProfile(channel, "updating the business profile", body);
	}

	void setPhoto(Channel channel, String mimeType, byte[] content) {
		String what = "setting the profile photo";
		String handle = this.uploads.upload(channel, what, mimeType, null, content);
		updateProfile(channel, what,
				this.json.createObjectNode()
					.put("messaging_product", "whatsapp")
					.put("profile_picture_handle", handle));
	}

	/** Meta's API sets a photo but cannot remove one. */
	void deletePhoto() {
		throw ApiException.invalid("photo", "provider_supports", null, "Meta's Cloud API cannot remove a profile "
				+ "photo: set another one with POST /v1/settings/profile/photo, or remove it in WhatsApp Manager");
	}

	JsonNode complianceInfo(Channel channel) {
		JsonNode answer = this.graph.get(channel, "reading the compliance info",
				channel.phoneNumberId() + "/business_compliance_info");
		JsonNode first = answer.path("data").path(0);
		if (!(first instanceof ObjectNode info)) {
			return this.json.createObjectNode();
		}
		ObjectNode copy = info.deepCopy();
		copy.remove("whatsapp_business_account_id");
		return copy;
	}

	void updateComplianceInfo(Channel channel, JsonNode info) {
		this.graph.postJson(channel, "updating the compliance info",
				channel.phoneNumberId() + "/business_compliance_info", info);
	}

	private void updateProfile(Channel channel, String what, ObjectNode body) {
		this.graph.postJson(channel, what, channel.phoneNumberId() + "/whatsapp_business_profile", body);
	}

	private static void putIfGiven(ObjectNode body, String field, @Nullable String value) {
		if (value != null) {
			body.put(field, value);
		}
	}

	private static @Nullable String text(JsonNode node, String field) {
		return (node.path(field).isString() && !node.path(field).asString().isEmpty()) ? node.path(field).asString()
				: null;
	}

}
