package dev.wabagate.messaging.validation;

import java.util.Set;

import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.shared.Field;
import dev.wabagate.shared.Violations;

/**
 * Rules for content that appears in several places: media objects (messages, interactive
 * headers, template parameters) and locations (messages, template parameters).
 */
final class ContentRules {

	private static final int CAPTION_MAX = 1024;

	private static final Set<String> MEDIA_FIELDS = Set.of("id", "link", "caption", "filename", "provider");

	private static final Set<String> LOCATION_FIELDS = Set.of("latitude", "longitude", "name", "address");

	private final Violations violations;

	ContentRules(Violations violations) {
		this.violations = violations;
	}

	/**
	 * Checks a media object and drops its On-Premises-only {@code provider} from the
	 * payload: a provider named stored credentials for fetching links, Cloud fetches
	 * public links itself.
	 * @param kind image, audio, video, document or sticker
	 * @param captionAllowed whether this place takes a caption: image, video and document
	 * messages do; audio, stickers, interactive headers and template parameters do not
	 */
	void media(Field media, String kind, boolean captionAllowed) {
		ObjectNode object = this.violations.requireObject(media, MEDIA_FIELDS);
		if (object == null) {
			return;
		}
		this.violations.exactlyOneOf(media, "id", "link");
		if (media.get("id").isPresent()) {
			this.violations.requireString(media.get("id"), Violations.UNLIMITED);
		}
		if (media.get("link").isPresent()) {
			this.violations.requireHttpUrl(media.get("link"));
		}
		Field caption = media.get("caption");
		if (captionAllowed) {
			this.violations.optionalString(caption, CAPTION_MAX);
		}
		else if (caption.isPresent()) {
			this.violations.notAllowed(caption,
					"here: captions are only allowed on image, video and document messages");
		}
		Field filename = media.get("filename");
		if (kind.equals("document")) {
			this.violations.optionalString(filename, Violations.UNLIMITED);
		}
		else if (filename.isPresent()) {
			this.violations.notAllowed(filename, "on " + kind + ": only documents have a filename");
		}
		this.violations.optionalObject(media.get("provider"), Set.of("name"));
		object.remove("provider");
	}

	void location(Field location) {
		if (this.violations.requireObject(location, LOCATION_FIELDS) == null) {
			return;
		}
		this.violations.requireDecimalInRange(location.get("latitude"), -90, 90);
		this.violations.requireDecimalInRange(location.get("longitude"), -180, 180);
		this.violations.optionalString(location.get("name"), Violations.UNLIMITED);
		this.violations.optionalString(location.get("address"), Violations.UNLIMITED);
	}

}
