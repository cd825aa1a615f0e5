package dev.wabagate.cloudapi;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import dev.wabagate.accounts.AuthenticatedByApiKey;
import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.JsonBody;
import dev.wabagate.templates.StoredTemplate;
import dev.wabagate.templates.TemplateCatalogue;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

@RestController
@AuthenticatedByApiKey
@Tag(name = "Cloud API: templates")
@RequestMapping(produces = MediaType.APPLICATION_JSON_VALUE)
class CloudTemplatesController {

	private static final String EDGE = "/{wabaId}/message_templates";

	private static final int DEFAULT_LIMIT = 25;

	private static final int MAX_LIMIT = 1000;

	private final TemplateCatalogue templates;

	private final GraphObjects objects;

	private final CloudViews views;

	CloudTemplatesController(TemplateCatalogue templates, GraphObjects objects, CloudViews views) {
		this.templates = templates;
		this.objects = objects;
		this.views = views;
	}

	@Operation(summary = "List templates",
			description = "Meta's filters name, status, category and language; limit (default 25) and the opaque "
					+ "paging.cursors after/before.")
	@GetMapping({ GraphPaths.VERSION + EDGE, EDGE })
	Map<String, Object> list(Channel channel, @PathVariable String wabaId,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String after,
			@RequestParam(required = false) @Nullable String before,
			@RequestParam(required = false) @Nullable String name,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String category,
			@RequestParam(required = false) @Nullable String language) {
		this.objects.requireWaba(channel, wabaId, "get");
		int pageSize = (limit != null) ? limit : DEFAULT_LIMIT;
		if (pageSize < 1 || pageSize > MAX_LIMIT) {
			throw ApiException.invalid("limit", "range", MAX_LIMIT, "limit must be between 1 and " + MAX_LIMIT);
		}
		int offset = 0;
		if (after != null) {
			offset = offsetOf(after, "after");
		}
		else if (before != null) {
			offset = Math.max(0, offsetOf(before, "before") - pageSize);
		}
		TemplateCatalogue.Page page = this.templates.search(channel,
				new TemplateCatalogue.Filter(name, status, category, language), pageSize, offset);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("data", page.templates().stream().map(this.views::template).toList());
		Map<String, Object> paging = new LinkedHashMap<>();
		if (!page.templates().isEmpty()) {
			paging.put("cursors", Map.of("before", cursor(offset), "after", cursor(offset + page.templates().size())));
		}
		if (offset + page.templates().size() < page.total()) {
			paging.put("next",
					ServletUriComponentsBuilder.fromCurrentRequest()
						.replaceQueryParam("before")
						.replaceQueryParam("after", cursor(offset + page.templates().size()))
						.toUriString());
		}
		body.put("paging", paging);
		return body;
	}

	@Operation(summary = "Create a template", description = "Answers {id, status, category}.")
	@PostMapping({ GraphPaths.VERSION + EDGE, EDGE })
	Map<String, Object> create(Channel channel, @PathVariable String wabaId, JsonBody body) {
		this.objects.requireWaba(channel, wabaId, "post");
		if (body.isEmpty()) {
			throw ApiException.missingBody("a JSON template object");
		}
		StoredTemplate created = this.templates.create(channel, body.json()).template();
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("id", created.id());
		answer.put("status", created.status());
		answer.put("category", created.category());
		return answer;
	}

	@Operation(summary = "Delete a template",
			description = "By name (every language), or one template by name and hsm_id. Answers {\"success\":true}.")
	@DeleteMapping({ GraphPaths.VERSION + EDGE, EDGE })
	Map<String, Object> delete(Channel channel, @PathVariable String wabaId, @RequestParam String name,
			@RequestParam(name = "hsm_id", required = false) @Nullable String hsmId) {
		this.objects.requireWaba(channel, wabaId, "delete");
		this.templates.delete(channel, name, hsmId);
		return Map.of("success", true);
	}

	@Operation(summary = "Get one template of the WABA")
	@GetMapping({ GraphPaths.VERSION + EDGE + "/{templateId}", EDGE + "/{templateId}" })
	Map<String, Object> get(Channel channel, @PathVariable String wabaId, @PathVariable String templateId) {
		this.objects.requireWaba(channel, wabaId, "get");
		return this.templates.find(channel, templateId)
			.map(this.views::template)
			.orElseThrow(() -> CloudApiException.unknownObject("get", templateId));
	}

	private static String cursor(int offset) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(("offset:" + offset).getBytes(StandardCharsets.US_ASCII));
	}

	private static int offsetOf(String cursor, String field) {
		try {
			String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
			if (decoded.startsWith("offset:")) {
				int offset = Integer.parseInt(decoded.substring("offset:".length()));
				if (offset >= 0) {
					return offset;
				}
			}
		}
		catch (IllegalArgumentException ex) {
			// not a cursor of ours: refused below
		}
		throw ApiException.invalid(field, "cursor", null, field + " must be a cursor from an earlier paging.cursors");
	}

}
