package dev.wabagate.cloudapi;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import dev.wabagate.accounts.AuthenticatedByApiKey;
import dev.wabagate.accounts.Channel;
import dev.wabagate.profile.BusinessProfiles;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.JsonBody;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@AuthenticatedByApiKey
@Tag(name = "Cloud API: business profile")
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class CloudProfileController {

	private static final String EDGE = "/{phoneNumberId}/whatsapp_business_profile";

	/**
	 * profile_picture_url is answered on meta channels (Meta's); elsewhere the photo is
	 * at /v1/settings/profile/photo.
	 */
	private static final List<String> FIELDS = List.of("about", "address", "description", "email", "vertical",
			"websites", "messaging_product", "profile_picture_url");

	private final BusinessProfiles profiles;

	private final GraphObjects objects;

	CloudProfileController(BusinessProfiles profiles, GraphObjects objects) {
		this.profiles = profiles;
		this.objects = objects;
	}

	@Operation(summary = "Get the business profile",
			description = "Answers {data:[{...}]}; fields= (comma-separated) chooses the fields, all by default. "
					+ "On meta channels the profile is Meta's, profile_picture_url included; elsewhere profile_picture_url is not "
					+ "answered (the photo is at /v1/settings/profile/photo).")
	@GetMapping({ GraphPaths.VERSION + EDGE, EDGE })
	Map<String, Object> get(Channel channel, @PathVariable String phoneNumberId,
			@RequestParam(required = false) @Nullable String fields) {
		this.objects.requirePhoneNumber(channel, phoneNumberId, "get");
		List<String> wanted = (fields == null || fields.isBlank()) ? FIELDS
				: Arrays.stream(fields.split(",")).map(String::strip).filter((field) -> !field.isEmpty()).toList();
		for (String field : wanted) {
			if (!FIELDS.contains(field)) {
				throw ApiException.invalid("fields", "one_of", FIELDS,
						"fields may name " + FIELDS + " (was '" + field + "')");
			}
		}
		BusinessProfiles.Profile profile = this.profiles.profile(channel);
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("about", profile.about());
		all.put("address", profile.address());
		all.put("description", profile.description());
		all.put("email", profile.email());
		all.put("vertical", profile.vertical());
		all.put("websites", profile.websites());
		all.put("messaging_product", "whatsapp");
		all.put("profile_picture_url", profile.photoUrl());
		Map<String, Object> view = new LinkedHashMap<>();
		for (String field : wanted) {
			if (all.get(field) != null) {
				view.put(field, all.get(field));
			}
		}
		return Map.of("data", List.of(view));
	}

	@Operation(summary = "Update the business profile",
			description = "Body {messaging_product, about, address, description, email, vertical, websites}; "
					+ "answers {\"success\":true}. On meta channels it goes to Meta first; Meta's refusal changes nothing.")
	@PostMapping({ GraphPaths.VERSION + EDGE, EDGE })
	Map<String, Object> update(Channel channel, @PathVariable String phoneNumberId, JsonBody body) {
		this.objects.requirePhoneNumber(channel, phoneNumberId, "post");
		this.profiles.update(channel, body.json());
		return Map.of("success", true);
	}

}
