package dev.wabagate.upstream.meta;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.OpenApi31;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Meta's OpenAPI 3.1 document of the Graph API (v23.0, a copy of
 * {@code shared/reference/meta-business-messaging-api_v23.0.yaml}) as a request
 * validator: each request the gateway makes to the fake Graph API must name an operation
 * of the document, carry its required headers and query parameters, and have a body its
 * schema accepts (JSON Schema 2020-12 with the OpenAPI 3.1 vocabulary, by networknt's
 * validator). Three errata make the document accept Meta's own examples; see
 * {@link #withErrata}.
 */
final class GraphSpec {

	private static final String DOCUMENT = "/meta/graph-api-v23.0.yaml";

	private static final String BASE_URI = "https://graph.facebook.com/openapi/v23.0";

	/**
	 * Meta's Resumable Upload API is not in the document; its two calls are checked by
	 * hand.
	 */
	private static final Pattern UPLOAD_SESSION_START = Pattern.compile("/v23\\.0/[^/]+/uploads");

	private static final Pattern UPLOAD_SESSION = Pattern.compile("/v23\\.0/upload:[^/]+");

	private static final GraphSpec INSTANCE = load();

	private final JsonNode document;

	private final SchemaRegistry schemas;

	private final List<PathTemplate> paths;

	private final Map<String, Schema> bodySchemas = new ConcurrentHashMap<>();

	private GraphSpec(JsonNode document) {
		this.document = document;
		this.schemas = SchemaRegistry.withDefaultDialect(OpenApi31.getInstance(),
				(builder) -> builder.schemas(Map.of(BASE_URI, document.toString())));
		this.paths = document.path("paths")
			.propertyNames()
			.stream()
			.map(PathTemplate::of)
			.sorted(Comparator.comparingInt(PathTemplate::literalSegments).reversed())
			.toList();
	}

	static GraphSpec get() {
		return INSTANCE;
	}

	private static GraphSpec load() {
		try (InputStream in = GraphSpec.class.getResourceAsStream(DOCUMENT)) {
			if (in == null) {
				throw new IllegalStateException("Meta's OpenAPI document is missing: " + DOCUMENT);
			}
			return new GraphSpec(withErrata((ObjectNode) new YAMLMapper().readTree(in)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * What the document gets wrong, fixed so that Meta's own examples pass:
	 * <ul>
	 * <li>Its message schemas are {@code allOf: [BaseMessageProperties, {properties,
	 * additionalProperties: false}]}: the closed branch refuses {@code messaging_product}
	 * and {@code to}, so no send at all would validate. What is meant is
	 * {@code unevaluatedProperties: false} on the combination.</li>
	 * <li>The send operation's example "Send typing indicator and read receipt" matches
	 * no schema of its {@code oneOf}; a schema of that example's shape is added.</li>
	 * <li>The compliance info's phone numbers have the pattern
	 * {@code ^\\+[1-9]\\d{1,14}$}, escaped twice, which only matches backslashes, so its
	 * own examples ({@code +913854559033}) fail; escaped once it is what is meant.</li>
	 * </ul>
	 */
	static ObjectNode withErrata(ObjectNode document) {
		closeCombinationsInsteadOfBranches(document);
		unescapeDoublyEscapedPatterns(document);
		ObjectNode schemas = (ObjectNode) document.path("components").path("schemas");
		ObjectNode readReceipt = schemas.putObject("ReadReceiptWithTypingIndicator");
		readReceipt.put("type", "object").put("additionalProperties", false);
		readReceipt.putArray("required").add("messaging_product").add("status").add("message_id");
		ObjectNode properties = readReceipt.putObject("properties");
		properties.putObject("messaging_product").put("type", "string").putArray("enum").add("whatsapp");
		properties.putObject("status").put("type", "string").putArray("enum").add("read");
		properties.putObject("message_id").put("type", "string").put("minLength", 1);
		ObjectNode typing = properties.putObject("typing_indicator");
		typing.put("type", "object").put("additionalProperties", false).putArray("required").add("type");
		typing.putObject("properties").putObject("type").put("type", "string").putArray("enum").add("text");
		((ArrayNode) schemas.path("Message").path("oneOf")).addObject()
			.put("$ref", "#/components/schemas/ReadReceiptWithTypingIndicator");
		return document;
	}

	private static void unescapeDoublyEscapedPatterns(JsonNode node) {
		if (node instanceof ObjectNode object) {
			if (object.path("pattern").isString() && object.path("pattern").asString().contains("\\\\")) {
				object.put("pattern", object.path("pattern").asString().replace("\\\\", "\\"));
			}
			object.values().forEach(GraphSpec::unescapeDoublyEscapedPatterns);
		}
		else if (node instanceof ArrayNode array) {
			array.forEach(GraphSpec::unescapeDoublyEscapedPatterns);
		}
	}

	private static void closeCombinationsInsteadOfBranches(JsonNode node) {
		if (node instanceof ObjectNode object) {
			if (object.path("allOf") instanceof ArrayNode branches) {
				boolean closed = false;
				for (JsonNode branch : branches) {
					if (branch instanceof ObjectNode open && open.path("additionalProperties").isBoolean()
							&& !open.path("additionalProperties").asBoolean()) {
						open.remove("additionalProperties");
						closed = true;
					}
				}
				if (closed) {
					object.put("unevaluatedProperties", false);
				}
			}
			object.values().forEach(GraphSpec::closeCombinationsInsteadOfBranches);
		}
		else if (node instanceof ArrayNode array) {
			array.forEach(GraphSpec::closeCombinationsInsteadOfBranches);
		}
	}

	/**
	 * What is wrong with a request, by Meta's document; empty when nothing is.
	 * @param path the request path without the query
	 * @param query the raw query, or null
	 * @param headers header names in lower case, with their first values
	 */
	List<String> violations(String method, String path, @Nullable String query, Map<String, String> headers,
			byte[] body) {
		if (UPLOAD_SESSION_START.matcher(path).matches() || UPLOAD_SESSION.matcher(path).matches()) {
			return resumableUpload(method, path, query, headers);
		}
		List<List<String>> candidates = new ArrayList<>();
		int bestLiterals = -1;
		for (PathTemplate template : this.paths) {
			if (template.literalSegments() < bestLiterals || !template.matches(path)) {
				continue;
			}
			JsonNode operation = this.document.path("paths")
				.path(template.template())
				.path(method.toLowerCase(Locale.ROOT));
			if (operation.isMissingNode()) {
				continue;
			}
			bestLiterals = template.literalSegments();
			List<String> found = check(template.template(), method, operation, query, headers, body);
			if (found.isEmpty()) {
				return List.of();
			}
			candidates.add(found);
		}
		if (candidates.isEmpty()) {
			return List.of(method + " " + path + " is no operation of Meta's Graph API document");
		}
		return candidates.get(0);
	}

	private List<String> check(String template, String method, JsonNode operation, @Nullable String query,
			Map<String, String> headers, byte[] body) {
		List<String> violations = new ArrayList<>();
		String where = method + " " + template + ": ";
		for (JsonNode parameter : operation.path("parameters")) {
			JsonNode resolved = resolve(parameter);
			if (!resolved.path("required").asBoolean(false)) {
				continue;
			}
			String name = resolved.path("name").asString();
			boolean present = switch (resolved.path("in").asString()) {
				case "header" -> headers.containsKey(name.toLowerCase(Locale.ROOT))
						|| ("content-type".equalsIgnoreCase(name) && body.length == 0);
				case "query" ->
					query != null && Pattern.compile("(^|&)" + Pattern.quote(name) + "=").matcher(query).find();
				default -> true;
			};
			if (!present) {
				violations
					.add(where + "required " + resolved.path("in").asString() + " parameter " + name + " is missing");
			}
		}
		JsonNode content = operation.path("requestBody").path("content");
		if (body.length == 0) {
			if (operation.path("requestBody").path("required").asBoolean(false)) {
				violations.add(where + "the request body is required");
			}
			return violations;
		}
		if (content.isMissingNode()) {
			violations.add(where + "the operation takes no request body, but one was sent");
			return violations;
		}
		String contentType = Optional.ofNullable(headers.get("content-type")).orElse("");
		String mediaType = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
		if (!content.has(mediaType)) {
			violations.add(where + "Content-Type " + mediaType + " is not one of " + content.propertyNames());
			return violations;
		}
		String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT) + "/requestBody/content/"
				+ escape(mediaType) + "/schema";
		if (mediaType.equals("application/json")) {
			bodySchema(pointer).validate(new String(body, StandardCharsets.UTF_8), InputFormat.JSON)
				.forEach((error) -> violations.add(where + "body " + error));
		}
		else if (mediaType.equals("multipart/form-data")) {
			violations.addAll(formParts(where, resolve(content.path(mediaType).path("schema")), contentType, body));
		}
		return violations;
	}

	/** The parts must be the schema's properties, and its required ones must be there. */
	private List<String> formParts(String where, JsonNode schema, String contentType, byte[] body) {
		Matcher boundary = Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
		if (!boundary.find()) {
			return List.of(where + "multipart/form-data without a boundary");
		}
		List<String> parts = new ArrayList<>();
		Matcher name = Pattern.compile("Content-Disposition: *form-data; *name=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE)
			.matcher(new String(body, StandardCharsets.ISO_8859_1));
		while (name.find()) {
			parts.add(name.group(1));
		}
		List<String> violations = new ArrayList<>();
		for (String part : parts) {
			if (!schema.path("properties").has(part)) {
				violations
					.add(where + "form part " + part + " is not one of " + schema.path("properties").propertyNames());
			}
		}
		for (JsonNode required : schema.path("required")) {
			if (!parts.contains(required.asString())) {
				violations.add(where + "required form part " + required.asString() + " is missing");
			}
		}
		return violations;
	}

	/**
	 * Meta's Resumable Upload API ({@code POST /{app-id}/uploads?file_length&file_type},
	 * then {@code POST /upload:<session>} with the bytes and {@code file_offset: 0}), as
	 * Meta's guide describes it; the OpenAPI document does not cover it.
	 */
	private static List<String> resumableUpload(String method, String path, @Nullable String query,
			Map<String, String> headers) {
		List<String> violations = new ArrayList<>();
		if (!"POST".equals(method)) {
			violations.add(method + " " + path + ": the Resumable Upload API only takes POST");
		}
		if (UPLOAD_SESSION_START.matcher(path).matches()) {
			for (String parameter : List.of("file_length", "file_type")) {
				if (query == null || !query.contains(parameter + "=")) {
					violations.add(path + ": query parameter " + parameter + " is missing");
				}
			}
			if (!headers.containsKey("authorization")) {
				violations.add(path + ": Authorization is missing");
			}
		}
		else {
			if (!headers.getOrDefault("authorization", "").startsWith("OAuth ")) {
				violations.add(path + ": the upload needs Authorization: OAuth <token>");
			}
			if (!"0".equals(headers.get("file_offset"))) {
				violations.add(path + ": file_offset: 0 is missing");
			}
		}
		return violations;
	}

	private Schema bodySchema(String pointer) {
		return this.bodySchemas.computeIfAbsent(pointer,
				(p) -> this.schemas.getSchema(SchemaLocation.of(BASE_URI + "#" + p)));
	}

	private JsonNode resolve(JsonNode node) {
		JsonNode current = node;
		while (current.has("$ref")) {
			current = this.document.at(current.path("$ref").asString().substring(1));
		}
		return current;
	}

	private static String escape(String segment) {
		return segment.replace("~", "~0").replace("/", "~1");
	}

	private record PathTemplate(String template, Pattern pattern, int literalSegments) {

		static PathTemplate of(String template) {
			StringBuilder regex = new StringBuilder();
			int literals = 0;
			for (String segment : template.substring(1).split("/")) {
				regex.append('/');
				if (segment.startsWith("{") && segment.endsWith("}")) {
					regex.append(segment.equals("{Version}") ? "v\\d+\\.\\d+" : "[^/]+");
				}
				else {
					regex.append(Pattern.quote(segment));
					literals++;
				}
			}
			return new PathTemplate(template, Pattern.compile(regex.toString()), literals);
		}

		boolean matches(String path) {
			return this.pattern.matcher(path).matches();
		}

	}

}
