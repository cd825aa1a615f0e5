package dev.wabagate.media;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import org.jspecify.annotations.Nullable;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ErrorCodes;
import dev.wabagate.shared.ApiMeta;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Media", description = "Upload, download and delete media (On-Premises / 360dialog v1 paths)")
class MediaController {

	private final MediaStore store;

	private final MediaProperties properties;

	MediaController(MediaStore store, MediaProperties properties) {
		this.store = store;
		this.properties = properties;
	}

	@Operation(summary = "Upload media",
			description = "On-Premises style: the raw bytes with their Content-Type (e.g. image/jpeg). Cloud style: "
					+ "multipart/form-data with a 'file' part. Answers {\"media\":[{\"id\"}]}.")
	@PostMapping("/v1/media")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> upload(Channel channel, HttpServletRequest request) throws IOException, ServletException {
		String contentType = request.getContentType();
		boolean multipart = contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/");
		Part file = multipart ? request.getPart("file") : null;
		if (multipart && file == null) {
			throw ApiException.missing("file", "the multipart part holding the media");
		}
		String mimeType = mimeType((file != null) ? file.getContentType() : contentType);
		MediaKind kind = MediaKind.of(mimeType)
			.orElseThrow(
					() -> ApiException.invalid("Content-Type", "one_of", MediaKind.allMimeTypes(), "Media of type '"
							+ mimeType + "' is not supported; send the bytes with one of " + MediaKind.allMimeTypes()));
		long limit = kind.maxBytes(this.properties);
		byte[] content;
		try (InputStream in = (file != null) ? file.getInputStream() : request.getInputStream()) {
			content = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
		}
		if (content.length == 0) {
			throw ApiException.missingBody("the media bytes");
		}
		if (content.length > limit) {
			throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "validation",
					kind.name().toLowerCase(Locale.ROOT) + " media may be at most " + limit + " bytes",
					List.of(new dev.wabagate.shared.ApiError(dev.wabagate.shared.ErrorCodes.PARAMETER_VALUE_INVALID,
							"Media file too large",
							kind.name().toLowerCase(Locale.ROOT) + " media may be at most " + limit + " bytes", "file",
							"max_size", limit)));
		}
		String id = this.store.store(channel, mimeType, (file != null) ? file.getSubmittedFileName() : null, content);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("media", List.of(Map.of("id", id)));
		if (multipart) {
			body.put("id", id);
		}
		body.put("meta", ApiMeta.of(HttpStatus.CREATED));
		return body;
	}

	private static String mimeType(@Nullable String contentType) {
		if (contentType == null || contentType.isBlank()) {
			throw ApiException.missing("Content-Type", "the media's MIME type, e.g. image/jpeg");
		}
		return MediaType.parseMediaType(contentType).getType() + "/"
				+ MediaType.parseMediaType(contentType).getSubtype();
	}

	@Operation(summary = "Download media")
	@GetMapping("/v1/media/{id}")
	ResponseEntity<byte[]> download(Channel channel, @PathVariable String id) {
		MediaStore.StoredMedia media = this.store.find(channel, id)
			.orElseThrow(() -> ApiException.notFound("Media " + id));
		ResponseEntity.BodyBuilder response = ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(media.mimeType()))
			.contentLength(media.content().length);
		if (media.filename() != null) {
			response.header(HttpHeaders.CONTENT_DISPOSITION,
					ContentDisposition.attachment().filename(media.filename()).build().toString());
		}
		return response.body(media.content());
	}

	@Operation(summary = "Download media (the seed's legacy path)", description = "Same as GET /v1/media/{id}.")
	@GetMapping("/v1/media.php")
	ResponseEntity<byte[]> downloadLegacy(Channel channel, @RequestParam String id) {
		return download(channel, id);
	}

	@Operation(summary = "Delete media")
	@DeleteMapping("/v1/media/{id}")
	Map<String, Object> delete(Channel channel, @PathVariable String id) {
		if (!this.store.delete(channel, id)) {
			throw ApiException.notFound("Media " + id);
		}
		return Map.of("meta", ApiMeta.of(HttpStatus.OK));
	}

	@Operation(summary = "Delete media (the seed's legacy path)", description = "Same as DELETE /v1/media/{id}.")
	@DeleteMapping("/v1/media.php")
	Map<String, Object> deleteLegacy(Channel channel, @RequestParam String id) {
		return delete(channel, id);
	}

}
