package dev.wabagate.profile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ApiMeta;
import dev.wabagate.shared.ErrorCodes;
import dev.wabagate.shared.JsonBody;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@Tag(name = "Profile", description = "Business profile, about text and photo (On-Premises shapes); needs the API key")
class ProfileController {

	private static final long MAX_PHOTO_BYTES = 5L * 1024 * 1024;

	private static final int MIN_PHOTO_EDGE = 192;

	private final BusinessProfiles profiles;

	ProfileController(BusinessProfiles profiles) {
		this.profiles = profiles;
	}

	@Operation(summary = "Get the business profile")
	@GetMapping("/v1/settings/business/profile")
	Map<String, Object> profile(Channel channel) {
		return profileBody(this.profiles.profile(channel), HttpStatus.OK);
	}

	@Operation(summary = "Update the business profile",
			description = "Only the fields present change; null or \"\" clears one (vertical cannot be cleared).")
	@RequestMapping(path = "/v1/settings/business/profile", method = { RequestMethod.POST, RequestMethod.PATCH })
	Map<String, Object> updateProfile(Channel channel, JsonBody body) {
		return profileBody(this.profiles.update(channel, body.json()), HttpStatus.OK);
	}

	private static Map<String, Object> profileBody(BusinessProfiles.Profile profile, HttpStatus status) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("address", nullToEmpty(profile.address()));
		fields.put("description", nullToEmpty(profile.description()));
		fields.put("email", nullToEmpty(profile.email()));
		fields.put("vertical", nullToEmpty(profile.vertical()));
		fields.put("websites", profile.websites());
		return Map.of("settings", Map.of("business", Map.of("profile", fields)), "meta", ApiMeta.of(status));
	}

	@Operation(summary = "Get the profile's about text")
	@GetMapping("/v1/settings/profile/about")
	Map<String, Object> about(Channel channel) {
		return aboutBody(nullToEmpty(this.profiles.profile(channel).about()));
	}

	@Operation(summary = "Set the profile's about text", description = "{\"text\": 1 to 139 characters}")
	@PatchMapping("/v1/settings/profile/about")
	Map<String, Object> updateAbout(Channel channel, JsonBody body) {
		return aboutBody(this.profiles.updateAbout(channel, body.json()));
	}

	@Operation(summary = "Set the about text (the seed's path)",
			description = "The seed's 'Update Profile About' PATCHes /v1/configs/settings/business/profile with "
					+ "{\"text\"}: treated as PATCH /v1/settings/profile/about.")
	@PatchMapping("/v1/configs/settings/business/profile")
	Map<String, Object> updateAboutSeedPath(Channel channel, JsonBody body) {
		return updateAbout(channel, body);
	}

	private static Map<String, Object> aboutBody(String text) {
		return Map.of("settings", Map.of("profile", Map.of("about", Map.of("text", text))), "meta",
				ApiMeta.of(HttpStatus.OK));
	}

	@Operation(summary = "Get the profile photo",
			description = "The image itself, or with ?format=link a JSON link to it; 404 when none. On a meta channel "
					+ "the photo is Meta's: the link is Meta's profile_picture_url, and the image is a 302 redirect to it.")
	@GetMapping("/v1/settings/profile/photo")
	ResponseEntity<?> photo(Channel channel, @RequestParam(required = false) @Nullable String format) {
		BusinessProfiles.Photo photo = this.profiles.photo(channel)
			.orElseThrow(() -> ApiException.notFound("Profile photo"));
		if ("link".equals(format)) {
			String link = switch (photo) {
				case BusinessProfiles.Photo.AtProvider atProvider -> atProvider.link();
				case BusinessProfiles.Photo.Stored stored -> ServletUriComponentsBuilder.fromCurrentContextPath()
					.path("/v1/settings/profile/photo")
					.toUriString();
			};
			return ResponseEntity.ok(Map.of("settings", Map.of("profile", Map.of("photo", Map.of("link", link))),
					"meta", ApiMeta.of(HttpStatus.OK)));
		}
		return switch (photo) {
			case BusinessProfiles.Photo.AtProvider atProvider ->
				ResponseEntity.status(HttpStatus.FOUND).location(URI.create(atProvider.link())).build();
			case BusinessProfiles.Photo.Stored stored ->
				ResponseEntity.ok().contentType(MediaType.parseMediaType(stored.mimeType())).body(stored.content());
		};
	}

	@Operation(summary = "Set the profile photo",
			description = "The raw JPEG or PNG bytes with their Content-Type; at most 5 MB, at least 192x192 px. On a "
					+ "meta channel it goes to Meta first (Resumable Upload API, then profile_picture_handle); "
					+ "Meta's refusal stores nothing.")
	@PostMapping("/v1/settings/profile/photo")
	Map<String, Object> setPhoto(Channel channel, HttpServletRequest request) throws IOException {
		String contentType = (request.getContentType() != null)
				? MediaType.parseMediaType(request.getContentType()).getSubtype() : "";
		if (!List.of("jpeg", "png").contains(contentType)) {
			throw ApiException.invalid("Content-Type", "one_of", List.of("image/jpeg", "image/png"),
					"The photo must be sent as raw bytes with Content-Type image/jpeg or image/png");
		}
		byte[] content = request.getInputStream().readNBytes((int) MAX_PHOTO_BYTES + 1);
		if (content.length > MAX_PHOTO_BYTES) {
			String details = "The photo may be at most " + MAX_PHOTO_BYTES + " bytes";
			throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "validation", details,
					List.of(new ApiError(ErrorCodes.PARAMETER_VALUE_INVALID, "Photo too large", details, "photo",
							"max_size", MAX_PHOTO_BYTES)));
		}
		BufferedImage image = ImageIO.read(new ByteArrayInputStream(content));
		if (image == null) {
			throw ApiException.invalid("photo", "image", null, "The body is not a readable JPEG or PNG image");
		}
		if (image.getWidth() < MIN_PHOTO_EDGE || image.getHeight() < MIN_PHOTO_EDGE) {
			throw ApiException.invalid("photo", "min_size", MIN_PHOTO_EDGE,
					"The photo must be at least 192x192 px (was " + image.getWidth() + "x" + image.getHeight() + ")");
		}
		this.profiles.savePhoto(channel, new BusinessProfiles.Photo.Stored("image/" + contentType, content));
		return Map.of("meta", ApiMeta.of(HttpStatus.OK));
	}

	@Operation(summary = "Remove the profile photo",
			description = "Not on meta channels: Meta's API cannot remove a photo (400).")
	@DeleteMapping("/v1/settings/profile/photo")
	Map<String, Object> deletePhoto(Channel channel) {
		this.profiles.deletePhoto(channel);
		return Map.of("meta", ApiMeta.of(HttpStatus.OK));
	}

	private static String nullToEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

}
