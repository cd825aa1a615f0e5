package dev.wabagate.templates;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ApiMeta;
import dev.wabagate.shared.JsonBody;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Templates", description = "Message templates of the channel (360dialog v1 shapes)")
class TemplatesController {

	private static final int MAX_LIMIT = 1000;

	private final TemplateCatalogue catalogue;

	private final JsonMapper json;

	TemplatesController(TemplateCatalogue catalogue, JsonMapper json) {
		this.catalogue = catalogue;
		this.json = json;
	}

	@Operation(summary = "List the channel's templates",
			description = "360dialog v1 shape; statuses in lower case (submitted, approved, rejected, ...). "
					+ "The seed's path with a stray space (/v1/configs/templates%20) is accepted too.")
	@GetMapping({ "/v1/configs/templates", "/v1/configs/templates " })
	Map<String, Object> list(Channel channel, @RequestParam(defaultValue = "50") int limit,
			@RequestParam(defaultValue = "0") int offset) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw ApiException.invalid("limit", "range", MAX_LIMIT, "limit must be between 1 and " + MAX_LIMIT);
		}
		if (offset < 0) {
			throw ApiException.invalid("offset", "min", 0, "offset must not be negative");
		}
		TemplateCatalogue.Page page = this.catalogue.list(channel, limit, offset);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("count", page.templates().size());
		body.put("filters", Map.of());
		body.put("limit", limit);
		body.put("offset", offset);
		body.put("sort", List.of("id"));
		body.put("total", page.total());
		body.put("waba_templates", page.templates().stream().map((t) -> view(channel, t)).toList());
		return body;
	}

	@Operation(summary = "Create a template",
			description = "Validated against Meta's rules; every violation is listed. Legacy categories (ALERT_UPDATE, "
					+ "TRANSACTIONAL, OTP, ...) are mapped to UTILITY or AUTHENTICATION, and a FOOTER's 'format' is "
					+ "taken as its text when 'text' is absent; both are reported in 'warnings'. Sandbox channels "
					+ "approve the template after wabagate.sandbox.template-review-delay.")
	@PostMapping("/v1/configs/templates")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(Channel channel, JsonBody body) {
		if (body.isEmpty()) {
			throw ApiException.missingBody("a JSON template object");
		}
		TemplateCatalogue.Created created = this.catalogue.create(channel, body.json());
		Map<String, Object> view = view(channel, created.template());
		view.put("warnings", created.warnings());
		view.put("meta", ApiMeta.of(HttpStatus.CREATED));
		return view;
	}

	@Operation(summary = "Delete a template in all its languages, or in one",
			description = "?language=en_US deletes only that language (on Meta by hsm_id); without it every "
					+ "language goes (on Meta by name).")
	@DeleteMapping("/v1/configs/templates/{name}")
	Map<String, Object> delete(Channel channel, @PathVariable String name,
			@RequestParam(required = false) @Nullable String language) {
		int deleted = (language != null) ? this.catalogue.deleteLanguage(channel, name, language)
				: this.catalogue.delete(channel, name);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("success", true);
		body.put("deleted", deleted);
		body.put("meta", ApiMeta.of(HttpStatus.OK));
		return body;
	}

	private Map<String, Object> view(Channel channel, StoredTemplate template) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", template.id());
		view.put("name", template.name());
		view.put("language", template.language());
		view.put("category", template.category());
		view.put("components", this.json.readTree(template.components()));
		view.put("status", v1Status(template.status()));
		view.put("rejected_reason", (template.rejectedReason() != null) ? template.rejectedReason() : "NONE");
		view.put("namespace", namespace(channel));
		if (template.qualityScore() != null) {
			view.put("quality_score", template.qualityScore());
		}
		return view;
	}

	/** 360dialog v1 calls a template under review "submitted". */
	static String v1Status(String cloudStatus) {
		return StoredTemplate.PENDING.equals(cloudStatus) ? "submitted" : cloudStatus.toLowerCase(Locale.ROOT);
	}

	/** On-Premises template namespaces are per WhatsApp Business Account. */
	static String namespace(Channel channel) {
		return "wabagate_" + channel.wabaId();
	}

}
