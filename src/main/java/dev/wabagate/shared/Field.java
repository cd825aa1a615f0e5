package dev.wabagate.shared;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A value of the request body and the JSON path it was found at, so every rule can name
 * the offending field exactly.
 *
 * @param path JSON path such as {@code interactive.action.sections[0].rows[2].title};
 * empty for the body itself; never prose, which goes in an error's {@code details}
 * @param node the value, or {@code null} when the field is absent (JSON {@code null} is a
 * present value)
 */
public record Field(String path, @Nullable JsonNode node) {

	public static Field root(JsonNode body) {
		return new Field("", body);
	}

	/** A field whose value the rule has already taken apart. */
	public static Field at(String path) {
		return new Field(path, null);
	}

	public Field get(String name) {
		JsonNode child = (this.node != null && this.node.isObject()) ? this.node.get(name) : null;
		return new Field(this.path.isEmpty() ? name : this.path + "." + name, child);
	}

	public Field item(int index) {
		JsonNode child = (this.node != null && this.node.isArray()) ? this.node.get(index) : null;
		return new Field(this.path + "[" + index + "]", child);
	}

	public boolean isPresent() {
		return this.node != null;
	}

}
