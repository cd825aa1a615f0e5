package dev.wabagate.media;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.util.unit.DataSize;

/** What WhatsApp accepts, by MIME type, and how large each kind may be. */
enum MediaKind {

	AUDIO(List.of("audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg")),

	DOCUMENT(List.of("text/plain", "application/vnd.ms-excel",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/msword",
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.ms-powerpoint",
			"application/vnd.openxmlformats-officedocument.presentationml.presentation", "application/pdf")),

	IMAGE(List.of("image/jpeg", "image/png")),

	STICKER(List.of("image/webp")),

	VIDEO(List.of("video/mp4", "video/3gpp"));

	private static final DataSize IMAGE_LIMIT = DataSize.ofMegabytes(5);

	private static final DataSize STICKER_LIMIT = DataSize.ofKilobytes(500);

	private final List<String> mimeTypes;

	MediaKind(List<String> mimeTypes) {
		this.mimeTypes = mimeTypes;
	}

	static Optional<MediaKind> of(String mimeType) {
		return Arrays.stream(values()).filter((kind) -> kind.mimeTypes.contains(mimeType)).findFirst();
	}

	static List<String> allMimeTypes() {
		return Arrays.stream(values()).flatMap((kind) -> kind.mimeTypes.stream()).toList();
	}

	long maxBytes(MediaProperties properties) {
		return switch (this) {
			case IMAGE -> IMAGE_LIMIT.toBytes();
			case STICKER -> STICKER_LIMIT.toBytes();
			case DOCUMENT -> properties.maxDocumentSize().toBytes();
			case AUDIO, VIDEO -> properties.maxSize().toBytes();
		};
	}

}
