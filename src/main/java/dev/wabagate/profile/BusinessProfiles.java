package dev.wabagate.profile;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.Field;
import dev.wabagate.shared.Violations;
import dev.wabagate.upstream.ProviderProfile;
import dev.wabagate.upstream.Providers;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A channel's business profile, about text and photo (On-Premises fields and limits).
 * Customers see the provider's copy: it is read from there when the provider keeps one
 * (Meta), and every change goes to the provider before Wabagate stores it, in one
 * transaction, so a change the provider refuses leaves Wabagate's record as it was. A
 * channel without a stored profile has an empty one.
 */
@Service
public class BusinessProfiles {

	static final List<String> VERTICALS = List.of("UNDEFINED", "OTHER", "AUTO", "BEAUTY", "APPAREL", "EDU", "ENTERTAIN",
			"EVENT_PLAN", "FINANCE", "GROCERY", "GOVT", "HOTEL", "HEALTH", "NONPROFIT", "PROF_SERVICES", "RETAIL",
			"TRAVEL", "RESTAURANT", "NOT_A_BIZ", "ALCOHOL", "ONLINE_GAMBLING", "PHYSICAL_GAMBLING", "OTC_DRUGS");

	private static final List<String> PROFILE_FIELDS = List.of("address", "description", "email", "vertical",
			"websites", "about", "messaging_product");

	private final JdbcClient jdbc;

	private final Providers providers;

	private final JsonMapper json;

	private final Clock clock;

	BusinessProfiles(JdbcClient jdbc, Providers providers, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.providers = providers;
		this.json = json;
		this.clock = clock;
	}

	/**
	 * The profile's fields; a field never set is null.
	 *
	 * @param photoUrl where the provider serves the photo (Meta's
	 * {@code profile_picture_url}); null when the photo is served here
	 */
	public record Profile(@Nullable String address, @Nullable String description, @Nullable String email,
			@Nullable String vertical, List<String> websites, @Nullable String about, @Nullable String photoUrl) {
	}

	/** Where the photo is: its bytes here, or the provider's link to it. */
	sealed interface Photo {

		record Stored(String mimeType, byte[] content) implements Photo {
		}

		record AtProvider(String link) implements Photo {
		}

	}

	/** The profile customers see: the provider's, else Wabagate's own record. */
	public Profile profile(Channel channel) {
		return this.providers.of(channel)
			.businessProfile(channel)
			.map((shown) -> new Profile(shown.address(), shown.description(), shown.email(), shown.vertical(),
					(shown.websites() != null) ? shown.websites() : List.of(), shown.about(),
					shown.profilePictureUrl()))
			.orElseGet(() -> stored(channel));
	}

	private Profile stored(Channel channel) {
		return this.jdbc.sql(
				"select address, description, email, vertical, websites, about from business_profiles where channel_id = ?")
			.param(channel.id())
			.query((rs, i) -> new Profile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					websites(rs.getString(5)), rs.getString(6), null))
			.optional()
			.orElse(new Profile(null, null, null, null, List.of(), null, null));
	}

	/**
	 * Changes the fields present in the body; a field given as null or "" is cleared,
	 * except {@code vertical}, which WhatsApp never lets go back to empty.
	 */
	@Transactional
	public Profile update(Channel channel, JsonNode body) {
		if (!body.isObject() || body.isEmpty()) {
			Violations refusal = new Violations();
			refusal.missing(Field.root(body), "a JSON object with address, description, email, vertical or websites");
			throw refusal.toException();
		}
		Violations violations = new Violations();
		Fields.unknownFields(body, PROFILE_FIELDS, "", violations);
		Profile current = profile(channel);
		String address = body.has("address") ? Fields.text(body, "address", "address", violations) : current.address();
		Fields.maxLength(address, 256, "address", violations);
		String description = body.has("description") ? Fields.text(body, "description", "description", violations)
				: current.description();
		Fields.maxLength(description, 512, "description", violations);
		String email = body.has("email") ? Fields.text(body, "email", "email", violations) : current.email();
		Fields.email(email, "email", violations);
		String vertical = current.vertical();
		if (body.has("vertical")) {
			vertical = vertical(body, current.vertical(), violations);
		}
		List<String> websites = body.has("websites") ? websites(body.get("websites"), violations) : current.websites();
		String about = body.has("about") ? about(body, violations) : current.about();
		violations.throwIfAny();
		Profile updated = new Profile(address, description, email, vertical, websites, about, current.photoUrl());
		this.providers.of(channel)
			.updateBusinessProfile(channel,
					new ProviderProfile(changed(body, "about", about), changed(body, "address", address),
							changed(body, "description", description), changed(body, "email", email),
							changed(body, "vertical", vertical), body.has("websites") ? websites : null, null));
		save(channel, updated);
		return updated;
	}

	/** A field the body names, with "" for one it clears; null for one it leaves. */
	private static @Nullable String changed(JsonNode body, String field, @Nullable String value) {
		if (!body.has(field)) {
			return null;
		}
		return (value != null) ? value : "";
	}

	private static @Nullable String vertical(JsonNode body, @Nullable String current, Violations violations) {
		String vertical = Fields.text(body, "vertical", "vertical", violations);
		if (vertical == null) {
			if (current != null) {
				violations.invalid("vertical", "not_empty", null, "vertical cannot be reset to empty once set");
			}
			return current;
		}
		if (!VERTICALS.contains(vertical)) {
			violations.invalid("vertical", "one_of", VERTICALS,
					"vertical must be one of " + VERTICALS + " (was '" + vertical + "')");
		}
		return vertical;
	}

	private static List<String> websites(@Nullable JsonNode node, Violations violations) {
		if (node == null || node.isNull()) {
			return List.of();
		}
		if (!node.isArray()) {
			violations.invalid("websites", "type", "array", "websites must be an array of at most 2 URLs");
			return List.of();
		}
		if (node.size() > 2) {
			violations.invalid("websites", "max_items", 2, "websites holds at most 2 URLs");
		}
		List<String> websites = new ArrayList<>();
		for (int i = 0; i < node.size(); i++) {
			String field = "websites[" + i + "]";
			JsonNode website = node.get(i);
			String url = website.isString() ? website.stringValue().strip() : "";
			if (!url.startsWith("http://") && !url.startsWith("https://")) {
				violations.invalid(field, "url", null, field + " must be a URL starting with http:// or https://");
			}
			Fields.maxLength(url, 256, field, violations);
			websites.add(url);
		}
		return websites;
	}

	private static @Nullable String about(JsonNode body, Violations violations) {
		String about = Fields.text(body, "about", "about", violations);
		if (about == null) {
			violations.invalid("about", "length", 139, "about must be 1 to 139 characters");
		}
		Fields.maxLength(about, 139, "about", violations);
		return about;
	}

	/** Sets the about text: 1 to 139 characters, as in {@code {"text":"..."}}. */
	@Transactional
	String updateAbout(Channel channel, JsonNode body) {
		Violations violations = new Violations();
		String text = body.isObject() ? Fields.text(body, "text", "text", violations) : null;
		if (text == null) {
			violations.invalid("text", "length", 139, "text is required: the about text, 1 to 139 characters");
		}
		Fields.maxLength(text, 139, "text", violations);
		violations.throwIfAny();
		this.providers.of(channel).updateBusinessProfile(channel, ProviderProfile.about(text));
		Profile current = stored(channel);
		save(channel, new Profile(current.address(), current.description(), current.email(), current.vertical(),
				current.websites(), text, null));
		return text;
	}

	private void save(Channel channel, Profile profile) {
		Timestamp now = Timestamp.from(this.clock.instant());
		String websites = this.json.writeValueAsString(profile.websites());
		int updated = this.jdbc.sql("""
				update business_profiles set address = ?, description = ?, email = ?, vertical = ?, websites = ?,
				    about = ?, updated_at = ? where channel_id = ?""")
			.params(profile.address(), profile.description(), profile.email(), profile.vertical(), websites,
					profile.about(), now, channel.id())
			.update();
		if (updated == 0) {
			this.jdbc.sql("""
					insert into business_profiles (channel_id, address, description, email, vertical, websites, about,
					    updated_at) values (?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(channel.id(), profile.address(), profile.description(), profile.email(), profile.vertical(),
						websites, profile.about(), now)
				.update();
		}
	}

	/** The photo customers see: the provider's link to it, else the one stored here. */
	Optional<Photo> photo(Channel channel) {
		Optional<ProviderProfile> shown = this.providers.of(channel).businessProfile(channel);
		if (shown.isPresent()) {
			return Optional.ofNullable(shown.get().profilePictureUrl()).map(Photo.AtProvider::new);
		}
		return this.jdbc
			.sql("select photo_mime_type, photo from business_profiles where channel_id = ? and photo is not null")
			.param(channel.id())
			.query((rs, i) -> (Photo) new Photo.Stored(rs.getString(1), rs.getBytes(2)))
			.optional();
	}

	/** Sets the photo on the provider first; a refusal stores nothing. */
	@Transactional
	void savePhoto(Channel channel, Photo.Stored photo) {
		this.providers.of(channel).setProfilePhoto(channel, photo.mimeType(), photo.content());
		Timestamp now = Timestamp.from(this.clock.instant());
		int updated = this.jdbc
			.sql("update business_profiles set photo = ?, photo_mime_type = ?, updated_at = ? where channel_id = ?")
			.params(photo.content(), photo.mimeType(), now, channel.id())
			.update();
		if (updated == 0) {
			this.jdbc.sql("""
					insert into business_profiles (channel_id, websites, photo, photo_mime_type, updated_at)
					values (?, '[]', ?, ?, ?)""").params(channel.id(), photo.content(), photo.mimeType(), now).update();
		}
	}

	@Transactional
	void deletePhoto(Channel channel) {
		this.providers.of(channel).deleteProfilePhoto(channel);
		this.jdbc.sql("update business_profiles set photo = null, photo_mime_type = null where channel_id = ?")
			.param(channel.id())
			.update();
	}

	private List<String> websites(@Nullable String stored) {
		return (stored == null) ? List.of() : List.of(this.json.readValue(stored, String[].class));
	}

}
