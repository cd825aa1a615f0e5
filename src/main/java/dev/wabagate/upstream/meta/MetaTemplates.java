package dev.wabagate.upstream.meta;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiException;
import dev.wabagate.upstream.MediaObjects;
import dev.wabagate.upstream.MediaObjects.MediaFile;
import dev.wabagate.upstream.ProviderTemplate;

import org.springframework.stereotype.Component;

/**
 * A WABA's message templates on Meta: {@code POST}, {@code GET} (following
 * {@code paging.cursors.after}) and {@code DELETE /{waba_id}/message_templates}. Meta
 * takes a media header's sample only as a Resumable-Upload handle: a Wabagate media id is
 * uploaded and sent as its handle, and a URL is refused, since fetching whatever address
 * a caller names would be a server-side request on the caller's behalf.
 */
@Component
class MetaTemplates {

	/** Meta pages at most this many templates at a time. */
	private static final int PAGE_SIZE = 100;

	private static final String FIELDS = "id,name,language,category,status,rejected_reason,components";

	/** Header formats with a sample file, and the types Meta takes for each. */
	private static final Map<String, List<String>> SAMPLE_TYPES = Map.of("IMAGE", List.of("image/jpeg", "image/png"),
			"VIDEO", List.of("video/mp4"), "DOCUMENT", List.of("application/pdf"));

	private final GraphClient graph;

	private final MediaObjects media;

	private final MetaResumableUploads uploads;

	private final JsonMapper json;

	MetaTemplates(GraphClient graph, MediaObjects media, MetaResumableUploads uploads, JsonMapper json) {
		this.graph = graph;
		this.media = media;
		this.uploads = uploads;
		this.json = json;
	}

	/**
	 * @param components Meta's shape, media-header samples as a handle or a Wabagate
	 * media id; returned as given (a handle means nothing to the business)
	 */
	ProviderTemplate submit(Channel channel, String name, String language, String category, JsonNode components) {
		ObjectNode body = this.json.createObjectNode()
			.put("name", name)
			.put("language", language)
			.put("category", category);
		body.set("components", withSampleHandles(channel, name, components));
		JsonNode created = this.graph.postJson(channel, "creating template " + name,
				channel.wabaId() + "/message_templates", body);
		return new ProviderTemplate(created.path("id").asString(), name, language,
				created.path("category").asString(category), created.path("status").asString("PENDING"), null,
				components);
	}

	/**
	 * The components with every media-header sample that names a Wabagate media id
	 * replaced by the handle of its upload.
	 * @throws ApiException 400 naming the sample for a URL, an unknown media id or a file
	 * of a type Meta does not take for the header
	 */
	private JsonNode withSampleHandles(Channel channel, String name, JsonNode components) {
		JsonNode copy = components.deepCopy();
		for (int i = 0; i < copy.size(); i++) {
			JsonNode component = copy.get(i);
			List<String> types = SAMPLE_TYPES.get(component.path("format").asString(""));
			if (!"HEADER".equals(component.path("type").asString("")) || types == null
					|| !(component.path("example").path("header_handle") instanceof ArrayNode samples)) {
				continue;
			}
			for (int j = 0; j < samples.size(); j++) {
				String field = "components[" + i + "].example.header_handle[" + j + "]";
				String sample = samples.get(j).asString("");
				if (sample.startsWith("http://") || sample.startsWith("https://")) {
					throw ApiException.invalid(field, "media_id", null, field + " is a URL: Meta takes a header sample "
							+ "only as an upload handle, and Wabagate does not fetch URLs on a caller's behalf. "
							+ "Upload the file with POST /v1/media and give its media id here.");
				}
				if (sample.startsWith(MediaObjects.ID_PREFIX)) {
					samples.set(j, handleOf(channel, name, field, sample, types));
				}
			}
		}
		return copy;
	}

	private String handleOf(Channel channel, String name, String field, String mediaId, List<String> types) {
		MediaFile file = this.media.file(channel, mediaId)
			.orElseThrow(() -> ApiException.invalid(field, "media_id", null,
					field + " names no media object of this channel ('" + mediaId + "')"));
		if (!types.contains(file.mimeType())) {
			throw ApiException.invalid(field, "media_type", types,
					field + " is " + file.mimeType() + "; this header's sample must be one of " + types);
		}
		return this.uploads.upload(channel, "uploading the header sample of template " + name, file.mimeType(),
				file.filename(), file.content());
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
