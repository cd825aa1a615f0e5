package dev.wabagate.templates;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.accounts.Channel;

import org.springframework.stereotype.Service;

/**
 * The templates a person can pick to send (the web inbox's template composer, the
 * console's list): each with its body text and how many variables to fill.
 */
@Service
public class TemplatePicker {

	private static final int MAX_TEMPLATES = 500;

	private final TemplateCatalogue catalogue;

	private final JsonMapper json;

	TemplatePicker(TemplateCatalogue catalogue, JsonMapper json) {
		this.catalogue = catalogue;
		this.json = json;
	}

	/**
	 * A template of the channel.
	 *
	 * @param headerFormat TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION; null without a header
	 * @param headerText the header's text when its format is TEXT
	 */
	public record TemplateChoice(String id, String name, String language, String category, String status,
			@Nullable String rejectedReason, @Nullable String headerFormat, @Nullable String headerText,
			String bodyText, int bodyParams, int headerParams) {

		public boolean approved() {
			return StoredTemplate.APPROVED.equals(this.status);
		}

	}

	/** Every template of the channel, in the order they were created. */
	public List<TemplateChoice> templates(Channel channel) {
		return this.catalogue.list(channel, MAX_TEMPLATES, 0).templates().stream().map(this::choice).toList();
	}

	private TemplateChoice choice(StoredTemplate template) {
		String headerFormat = null;
		String headerText = null;
		String bodyText = "";
		for (JsonNode component : this.json.readTree(template.components())) {
			String type = component.path("type").asString("");
			if ("HEADER".equalsIgnoreCase(type)) {
				headerFormat = component.path("format").asString(null);
				headerText = component.path("text").asString(null);
			}
			else if ("BODY".equalsIgnoreCase(type)) {
				bodyText = component.path("text").asString("");
			}
		}
		return new TemplateChoice(template.id(), template.name(), template.language(), template.category(),
				template.status(), template.rejectedReason(), headerFormat, headerText, bodyText, template.bodyParams(),
				template.headerParams());
	}

}
