package dev.wabagate.upstream.meta;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.upstream.ProviderTemplate;

import org.springframework.stereotype.Component;

/**
 * A WABA's message templates on Meta: {@code POST}, {@code GET} (following
 * {@code paging.cursors.after}) and {@code DELETE /{waba_id}/message_templates}.
 */
@Component
class MetaTemplates {

	/** Meta pages at most this many templates at a time. */
	private static final int PAGE_SIZE = 100;

	private static final String FIELDS = "id,name,language,category,status,rejected_reason,components";

	private final GraphClient graph;

	private final JsonMapper json;

	MetaTemplates(GraphClient graph, JsonMapper json) {
		this.graph = graph;
		this.json = json;
	}

	ProviderTemplate submit(Channel channel, String name, String language, String category, JsonNode components) {
		ObjectNode body = this.json.createObjectNode()
			.put("name", name)
			.put("language", language)
			.put("category", category);
		body.set("components", components);
		JsonNode created = this.graph.postJson(channel, "creating template " + name,
				channel.wabaId() + "/message_templates", body);
		return new ProviderTemplate(created.path("id").asString(), name, language,
				created.path("category").asString(category), created.path("status").asString("PENDING"), null,
				components);
	}

	void delete(Channel channel, String name, @Nullable String providerTemplateId) {
		String query = "name=" + encode(name)
				+ ((providerTemplateId != null) ? "&hsm_id=" + encode(providerTemplateId) : "");
		this.graph.call(channel, "deleting template " + name,
				HttpRequest.newBuilder(this.graph.uri(channel.wabaId() + "/message_templates?" + query)).DELETE());
	}

	List<ProviderTemplate> all(Channel channel) {
		List<ProviderTemplate> templates = new ArrayList<>();
		String after = null;
		do {
			String path = channel.wabaId() + "/message_templates?fields=" + FIELDS + "&limit=" + PAGE_SIZE
					+ ((after != null) ? "&after=" + encode(after) : "");
			JsonNode page = this.graph.get(channel, "listing templates", path);
			for (JsonNode template : page.path("data")) {
				String reason = template.path("rejected_reason").asString("NONE");
				templates.add(new ProviderTemplate(template.path("id").asString(), template.path("name").asString(),
						template.path("language").asString(), template.path("category").asString(),
						template.path("status").asString(), "NONE".equals(reason) ? null : reason,
						template.path("components")));
			}
			boolean more = page.path("paging").hasNonNull("next") && !page.path("data").isEmpty();
			after = more ? page.path("paging").path("cursors").path("after").asString(null) : null;
		}
		while (after != null);
		return templates;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
