package dev.wabagate.templates;

import java.util.List;

import tools.jackson.databind.node.ArrayNode;

/**
 * A validated create request.
 *
 * @param category the category stored (a legacy one mapped to its successor)
 * @param requestedCategory the category as sent
 * @param components the components with the seed's leniencies applied
 * @param warnings leniencies applied, reported back to the developer
 */
record NewTemplate(String name, String language, String category, String requestedCategory, ArrayNode components,
		int bodyParams, int headerParams, List<String> warnings) {
}
