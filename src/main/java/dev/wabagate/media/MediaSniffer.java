package dev.wabagate.media;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.tika.Tika;

import dev.wabagate.shared.ApiException;

/**
 * What the bytes of an upload are, by their magic numbers (Apache Tika's detector), so a
 * file that is not what its type says is refused before WhatsApp refuses it. Tika's core
 * detector names Office files by their container (OLE2, ZIP) and Ogg audio by the Ogg
 * container; those count as agreeing.
 */
final class MediaSniffer {

	private static final Tika TIKA = new Tika();

	private static final Set<String> OLE2 = Set.of("application/x-tika-msoffice", "application/msword",
			"application/vnd.ms-excel", "application/vnd.ms-powerpoint");

	private static final Set<String> OOXML = Set.of("application/zip", "application/x-tika-ooxml",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			"application/vnd.openxmlformats-officedocument.presentationml.presentation");

	private static final Set<String> MP4 = Set.of("video/mp4", "video/quicktime", "application/mp4", "audio/mp4",
			"video/x-m4v", "audio/x-m4a", "video/3gpp", "video/3gpp2");

	/** Declared type → the detected types that agree with it (besides itself). */
	private static final Map<String, Set<String>> AGREEING = Map.ofEntries(Map.entry("application/msword", OLE2),
			Map.entry("application/vnd.ms-excel", OLE2), Map.entry("application/vnd.ms-powerpoint", OLE2),
			Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", OOXML),
			Map.entry("application/vnd.openxmlformats-officedocument.wordprocessingml.document", OOXML),
			Map.entry("application/vnd.openxmlformats-officedocument.presentationml.presentation", OOXML),
			Map.entry("video/mp4", MP4), Map.entry("video/3gpp", MP4), Map.entry("audio/mp4", MP4),
			Map.entry("audio/ogg", Set.of("application/ogg", "audio/vorbis", "audio/opus", "audio/x-oggflac")),
			Map.entry("audio/aac", Set.of("audio/x-aac", "audio/aac")),
			Map.entry("audio/mpeg", Set.of("audio/mpeg", "audio/x-mpeg")));

	private MediaSniffer() {
	}

	/**
	 * @throws ApiException 400 naming {@code typeField} when the bytes are something else
	 */
	static void check(String declared, byte[] content, String typeField) {
		String detected = TIKA.detect(content);
		if (agrees(declared, detected)) {
			return;
		}
		throw ApiException.invalid(typeField, "content_matches_type", List.of(declared),
				"The bytes are " + describe(detected) + ", not " + declared + " as declared in " + typeField
						+ "; send the file with its real type");
	}

	private static boolean agrees(String declared, String detected) {
		if (declared.equals(detected)) {
			return true;
		}
		if (declared.equals("text/plain")) {
			return detected.startsWith("text/");
		}
		return AGREEING.getOrDefault(declared, Set.of()).contains(detected);
	}

	private static String describe(String detected) {
		return "application/octet-stream".equals(detected) ? "of no type WhatsApp knows" : detected;
	}

}
