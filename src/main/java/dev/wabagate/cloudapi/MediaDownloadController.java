package dev.wabagate.cloudapi;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.wabagate.media.MediaStore;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The signed media URLs answered by the media lookup; they need no API key. */
@RestController
@Tag(name = "Cloud API: media")
class MediaDownloadController {

	private final MediaStore media;

	private final MediaUrls urls;

	MediaDownloadController(MediaStore media, MediaUrls urls) {
		this.media = media;
		this.urls = urls;
	}

	@Operation(summary = "Download media by its signed URL",
			description = "The url of GET /{media-id}; works with or without an Authorization header until it expires.")
	@GetMapping(MediaUrls.PATH + "{mediaId}")
	ResponseEntity<byte[]> download(@PathVariable String mediaId, @RequestParam long expires,
			@RequestParam String signature) {
		if (!this.urls.valid(mediaId, expires, signature)) {
			throw new CloudApiException(HttpStatus.FORBIDDEN,
					new CloudApiException.GraphError("URL signature mismatch or expired",
							CloudApiException.GraphError.OAUTH_EXCEPTION, 190, null,
							"This media URL is not valid or has expired: look the media up again for a fresh one"));
		}
		return this.media.findById(mediaId)
			.orElseThrow(() -> CloudApiException.unknownObject("get", mediaId))
			.asDownload();
	}

}
