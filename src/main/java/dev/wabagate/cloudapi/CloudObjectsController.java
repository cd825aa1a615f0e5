package dev.wabagate.cloudapi;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import dev.wabagate.accounts.AuthenticatedByApiKey;
import dev.wabagate.accounts.Channel;
import dev.wabagate.media.MediaStore;
import dev.wabagate.templates.TemplateCatalogue;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /{id}}: a Graph node by id alone (the channel's phone number, its WABA, a medium
 * or a template of the channel), and the Graph paths nothing else serves.
 */
@RestController
@AuthenticatedByApiKey
@Tag(name = "Cloud API: objects by id")
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class CloudObjectsController {

	private final MediaStore media;

	private final TemplateCatalogue templates;

	private final MediaUrls mediaUrls;

	private final CloudViews views;

	private final GraphRoutes routes;

	CloudObjectsController(MediaStore media, TemplateCatalogue templates, MediaUrls mediaUrls, CloudViews views,
			GraphRoutes routes) {
		this.routes = routes;
		this.media = media;
		this.templates = templates;
		this.mediaUrls = mediaUrls;
		this.views = views;
	}

	@Operation(summary = "Get a phone number, WABA, medium or template by id",
			description = "A medium answers {messaging_product, url, mime_type, sha256, file_size, id}; its url is "
					+ "absolute, needs no key and expires after wabagate.cloud-api.media-url-ttl (5 min).")
	@GetMapping({ GraphPaths.VERSION + "/{id}", "/{id}" })
	Map<String, Object> get(Channel channel, @PathVariable String id) {
		if (id.equals(channel.phoneNumberId())) {
			return this.views.phoneNumber(channel);
		}
		if (id.equals(channel.wabaId())) {
			Map<String, Object> waba = new LinkedHashMap<>();
			waba.put("id", channel.wabaId());
			waba.put("name", this.views.verifiedName(channel));
			return waba;
		}
		var medium = this.media.describe(channel, id);
		if (medium.isPresent()) {
			Map<String, Object> view = new LinkedHashMap<>();
			view.put("messaging_product", "whatsapp");
			view.put("url", this.mediaUrls.urlFor(id));
			view.put("mime_type", medium.get().mimeType());
			view.put("sha256", medium.get().sha256());
			view.put("file_size", medium.get().fileSize());
			view.put("id", id);
			return view;
		}
		return this.templates.find(channel, id)
			.map(this.views::template)
			.orElseThrow(() -> CloudApiException.unknownObject("get", id));
	}

	@Operation(summary = "Delete a medium", description = "Answers {\"success\":true}.")
	@DeleteMapping({ GraphPaths.VERSION + "/{id}", "/{id}" })
	Map<String, Object> delete(Channel channel, @PathVariable String id) {
		if (!this.media.delete(channel, id)) {
			throw CloudApiException.unknownObject("delete", id);
		}
		return Map.of("success", true);
	}

	@Operation(summary = "Any other versioned Graph path",
			description = "Answers Meta's unknown-path error, in Meta's error shape.")
	@RequestMapping(GraphPaths.VERSION + "/**")
	Map<String, Object> unknown(Channel channel, HttpServletRequest request) {
		if (this.routes.serves(request.getRequestURI())) {
			throw new CloudApiException(HttpStatus.METHOD_NOT_ALLOWED,
					new CloudApiException.GraphError(
							"Unsupported " + request.getMethod().toLowerCase(Locale.ROOT) + " request",
							CloudApiException.GraphError.GRAPH_METHOD_EXCEPTION, 100, null,
							"Method " + request.getMethod() + " is not supported on " + request.getRequestURI()));
		}
		throw new CloudApiException(HttpStatus.NOT_FOUND,
				new CloudApiException.GraphError("Unknown path components",
						CloudApiException.GraphError.OAUTH_EXCEPTION, 2500, null,
						"This Graph path is not served by Wabagate: see docs/cloud-api.md"));
	}

}
