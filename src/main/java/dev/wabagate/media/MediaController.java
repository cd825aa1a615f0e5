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
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ApiMeta;

import org.springframework.http.HttpStatus;
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

	MediaController(MediaStore store) {
		this.store = store;
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
		String id;
		try (InputStream in = (file != null) ? file.getInputStream() : request.getInputStream()) {
			id = this.store.upload(channel, mimeType, "Content-Type",
					(file != null) ? file.getSubmittedFileName() : null, in);
		}
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
		return contentType;
	}

	@Operation(summary = "Download media")
	@GetMapping("/v1/media/{id}")
	ResponseEntity<byte[]> download(Channel channel, @PathVariable String id) {
		return this.store.find(channel, id).orElseThrow(() -> ApiException.notFound("Media " + id)).asDownload();
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
