package dev.wabagate.cloudapi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import org.jspecify.annotations.Nullable;

import dev.wabagate.accounts.AuthenticatedByApiKey;
import dev.wabagate.accounts.Channel;
import dev.wabagate.media.MediaStore;
import dev.wabagate.shared.ApiException;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@AuthenticatedByApiKey
@Tag(name = "Cloud API: media")
class CloudMediaController {

	private static final String OCTET_STREAM = MediaType.APPLICATION_OCTET_STREAM_VALUE;

	private final MediaStore media;

	private final GraphObjects objects;

	CloudMediaController(MediaStore media, GraphObjects objects) {
		this.media = media;
		this.objects = objects;
	}

	@Operation(summary = "Upload media",
			description = "multipart/form-data with a 'file' part. The MIME type is the 'type' field (form field or "
					+ "query parameter), else the file part's own Content-Type; messaging_product may come either way. "
					+ "Answers {\"id\"}.")
	@PostMapping(path = { GraphPaths.VERSION + "/{phoneNumberId}/media", "/{phoneNumberId}/media" },
			produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> upload(Channel channel, @PathVariable String phoneNumberId, HttpServletRequest request,
			@RequestParam(name = "type", required = false) @Nullable String type,
			@RequestParam(name = "messaging_product", required = false) @Nullable String messagingProduct)
			throws IOException, ServletException {
		this.objects.requirePhoneNumber(channel, phoneNumberId, "post");
		if (messagingProduct != null && !"whatsapp".equals(messagingProduct)) {
			throw ApiException.invalid("messaging_product", "one_of", "whatsapp",
					"messaging_product must be whatsapp (was '" + messagingProduct + "')");
		}
		String contentType = request.getContentType();
		if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
			throw new CloudApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					new CloudApiException.GraphError("(#100) Invalid parameter",
							CloudApiException.GraphError.OAUTH_EXCEPTION, 100, null,
							"Upload media as multipart/form-data with a 'file' part (was " + contentType + ")"));
		}
		Part file = request.getPart("file");
		if (file == null) {
			throw ApiException.missing("file", "the multipart part holding the media");
		}
		String partType = file.getContentType();
		boolean partTypeKnown = partType != null && !partType.isBlank() && !partType.startsWith(OCTET_STREAM);
		String mimeType = (type != null && !type.isBlank()) ? type : partTypeKnown ? partType : null;
		if (mimeType == null) {
			throw ApiException.missing("type",
					"the media's MIME type, e.g. image/jpeg, or the file part's own Content-Type");
		}
		String id;
		try (InputStream in = file.getInputStream()) {
			id = this.media.upload(channel, mimeType, (type != null) ? "type" : "file.Content-Type",
					file.getSubmittedFileName(), in);
		}
		return Map.of("id", id);
	}

}
