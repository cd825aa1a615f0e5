package dev.wabagate.messaging.validation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.node.ArrayNode;

import dev.wabagate.shared.Field;
import dev.wabagate.shared.Violations;

/**
 * Rules for {@code interactive} messages of type list, button (reply buttons) and
 * cta_url.
 */
final class InteractiveRules {

	private static final List<String> TYPES = List.of("list", "button", "cta_url");

	/**
	 * List bodies follow Meta's current list-message guide (4096); the v23 spec's
	 * BodyObject and older docs say 1024, which is what reply-button and CTA URL bodies
	 * use.
	 */
	private static final int LIST_BODY_MAX = 4096;

	private static final int BODY_MAX = 1024;

	private static final int HEADER_TEXT_MAX = 60;

	private static final int FOOTER_MAX = 60;

	private static final int LIST_BUTTON_MAX = 20;

	private static final int MAX_SECTIONS = 10;

	private static final int SECTION_TITLE_MAX = 24;

	private static final int MAX_ROWS = 10;

	private static final int ROW_ID_MAX = 200;

	private static final int ROW_TITLE_MAX = 24;

	private static final int ROW_DESCRIPTION_MAX = 72;

	private static final int MAX_BUTTONS = 3;

	private static final int REPLY_ID_MAX = 256;

	private static final int REPLY_TITLE_MAX = 20;

	private static final int DISPLAY_TEXT_MAX = 20;

	private static final Set<String> FIELDS = Set.of("type", "header", "body", "footer", "action");

	private static final List<String> HEADER_TYPES = List.of("text", "image", "video", "document");

	private static final Set<String> HEADER_FIELDS = Set.of("type", "text", "image", "video", "document");

	private final Violations violations;

	private final ContentRules content;

	InteractiveRules(Violations violations, ContentRules content) {
		this.violations = violations;
		this.content = content;
	}

	void check(Field interactive) {
		if (this.violations.requireObject(interactive, FIELDS) == null) {
			return;
		}
		String type = this.violations.requireOneOf(interactive.get("type"), TYPES);
		if (type == null) {
			return;
		}
		boolean list = type.equals("list");
		header(interactive.get("header"), list ? List.of("text") : HEADER_TYPES);
		text(interactive.get("body"), true, list ? LIST_BODY_MAX : BODY_MAX);
		text(interactive.get("footer"), false, FOOTER_MAX);
		Field action = interactive.get("action");
		switch (type) {
			case "list" -> listAction(action);
			case "button" -> buttonsAction(action);
			default -> ctaUrlAction(action);
		}
	}

	private void header(Field header, List<String> types) {
		if (this.violations.optionalObject(header, HEADER_FIELDS) == null) {
			return;
		}
		String type = this.violations.requireOneOf(header.get("type"), types);
		if (type == null) {
			return;
		}
		this.violations.onlyContentOfType(header, type, HEADER_TYPES);
		if (type.equals("text")) {
			this.violations.requireString(header.get("text"), HEADER_TEXT_MAX);
		}
		else {
			this.content.media(header.get(type), type, false);
		}
	}

	/** A body or footer: an object holding just {@code text}. */
	private void text(Field field, boolean required, int maxLength) {
		Set<String> fields = Set.of("text");
		boolean present = required ? this.violations.requireObject(field, fields) != null
				: this.violations.optionalObject(field, fields) != null;
		if (present) {
			this.violations.requireString(field.get("text"), maxLength);
		}
	}

	private void listAction(Field action) {
		if (this.violations.requireObject(action, Set.of("button", "sections")) == null) {
			return;
		}
		this.violations.requireString(action.get("button"), LIST_BUTTON_MAX);
		Field sections = action.get("sections");
		ArrayNode sectionArray = this.violations.requireArray(sections, 1, MAX_SECTIONS);
		if (sectionArray == null) {
			return;
		}
		// Row ids come back as list_reply.id, so they must be unique across all sections.
		Map<String, String> rowIds = new HashMap<>();
		int totalRows = 0;
		for (int i = 0; i < sectionArray.size(); i++) {
			Field section = sections.item(i);
			if (this.violations.requireObject(section, Set.of("title", "rows")) == null) {
				continue;
			}
			// A lone section may go untitled (spec); several need titles to tell them
			// apart.
			if (sectionArray.size() > 1) {
				this.violations.requireString(section.get("title"), SECTION_TITLE_MAX);
			}
			else {
				this.violations.optionalString(section.get("title"), SECTION_TITLE_MAX);
			}
			Field rows = section.get("rows");
			ArrayNode rowArray = this.violations.requireArray(rows, 1, Violations.UNLIMITED);
			if (rowArray == null) {
				continue;
			}
			totalRows += rowArray.size();
			for (int j = 0; j < rowArray.size(); j++) {
				row(rows.item(j), rowIds);
			}
		}
		if (totalRows > MAX_ROWS) {
			Field allRows = new Field(sections.path() + "[*].rows", null);
			this.violations.invalid(allRows, "max_items", MAX_ROWS, allRows.path() + " must contain at most " + MAX_ROWS
					+ " items in total across all sections (was " + totalRows + ")");
		}
	}

	private void row(Field row, Map<String, String> rowIds) {
		if (this.violations.requireObject(row, Set.of("id", "title", "description")) == null) {
			return;
		}
		Field id = row.get("id");
		this.violations.unique(id, this.violations.requireString(id, ROW_ID_MAX), rowIds);
		this.violations.requireString(row.get("title"), ROW_TITLE_MAX);
		this.violations.optionalString(row.get("description"), ROW_DESCRIPTION_MAX);
	}

	private void buttonsAction(Field action) {
		if (this.violations.requireObject(action, Set.of("buttons")) == null) {
			return;
		}
		Field buttons = action.get("buttons");
		ArrayNode buttonArray = this.violations.requireArray(buttons, 1, MAX_BUTTONS);
		if (buttonArray == null) {
			return;
		}
		// The id comes back as button_reply.id and the title is what the user sees and
		// taps.
		Map<String, String> ids = new HashMap<>();
		Map<String, String> titles = new HashMap<>();
		for (int i = 0; i < buttonArray.size(); i++) {
			Field button = buttons.item(i);
			if (this.violations.requireObject(button, Set.of("type", "reply")) == null) {
				continue;
			}
			this.violations.requireOneOf(button.get("type"), List.of("reply"));
			Field reply = button.get("reply");
			if (this.violations.requireObject(reply, Set.of("id", "title")) == null) {
				continue;
			}
			Field id = reply.get("id");
			String idValue = this.violations.requireString(id, REPLY_ID_MAX);
			if (idValue != null && !idValue.equals(idValue.strip())) {
				this.violations.invalid(id, "trimmed", null,
						id.path() + " must not start or end with whitespace (was \"" + idValue + "\")");
			}
			this.violations.unique(id, idValue, ids);
			Field title = reply.get("title");
			this.violations.unique(title, this.violations.requireString(title, REPLY_TITLE_MAX), titles);
		}
	}

	private void ctaUrlAction(Field action) {
		if (this.violations.requireObject(action, Set.of("name", "parameters")) == null) {
			return;
		}
		this.violations.requireOneOf(action.get("name"), List.of("cta_url"));
		Field parameters = action.get("parameters");
		if (this.violations.requireObject(parameters, Set.of("display_text", "url")) == null) {
			return;
		}
		this.violations.requireString(parameters.get("display_text"), DISPLAY_TEXT_MAX);
		this.violations.requireHttpUrl(parameters.get("url"));
	}

}
