package dev.wabagate.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Edits of a valid request body at a field path, for the tables of refusals: each case
 * changes exactly one thing. JSON is written with single quotes for readability.
 */
public final class JsonEdits {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private static final Pattern PATH_STEP = Pattern.compile("([^.\\[]+)|\\[(\\d+)]");

	private JsonEdits() {
	}

	public static JsonNode json(String singleQuoted) {
		return MAPPER.readTree(singleQuoted.replace('\'', '"'));
	}

	/**
	 * Sets the value at {@code path} (e.g. {@code components[1].text}) in place, or
	 * removes it when {@code value} is null.
	 */
	public static <T extends JsonNode> T with(T body, String path, @Nullable JsonNode value) {
		JsonNode parent = body;
		Matcher steps = PATH_STEP.matcher(path);
		String last = null;
		while (steps.find()) {
			if (last != null) {
				parent = step(parent, last);
			}
			last = steps.group();
		}
		if (last.startsWith("[")) {
			int index = Integer.parseInt(last.substring(1, last.length() - 1));
			if (value == null) {
				((ArrayNode) parent).remove(index);
			}
			else {
				((ArrayNode) parent).set(index, value);
			}
		}
		else if (value == null) {
			((ObjectNode) parent).remove(last);
		}
		else {
			((ObjectNode) parent).set(last, value);
		}
		return body;
	}

	private static JsonNode step(JsonNode node, String step) {
		return step.startsWith("[") ? node.get(Integer.parseInt(step.substring(1, step.length() - 1))) : node.get(step);
	}

	/** A JSON string of {@code length} code points. */
	public static JsonNode text(int length) {
		return MAPPER.getNodeFactory().stringNode("x".repeat(length));
	}

}
