package dev.wabagate.shared;

import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;

/**
 * Parses request bodies with the one leniency the seed's examples need everywhere
 * (trailing commas) and nothing else: a missing colon or comment is reported with its
 * line and column, and a key given twice is reported by name instead of silently keeping
 * the last value.
 */
public final class LenientJsonReader {

	private static final JsonMapper MAPPER = JsonMapper.builder()
		.enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
		.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
		.build();

	private LenientJsonReader() {
	}

	public static JsonNode read(byte[] body) {
		try {
			JsonNode node = MAPPER.readTree(body);
			if (node == null || node.isMissingNode()) {
				throw malformed("The request body is empty; a JSON object is required");
			}
			Violations violations = new Violations();
			violations.storableText(Field.root(node));
			violations.throwIfAny();
			return node;
		}
		catch (JacksonException ex) {
			TokenStreamLocation location = ex.getLocation();
			String where = (location != null && location.getLineNr() > 0)
					? " at line " + location.getLineNr() + ", column " + location.getColumnNr() : "";
			throw malformed("The request body is not valid JSON" + where + ": " + ex.getOriginalMessage());
		}
	}

	private static ApiException malformed(String details) {
		return new ApiException(HttpStatus.BAD_REQUEST, "malformed-json", details,
				List.of(new ApiError(ErrorCodes.REQUEST_BODY_MALFORMED,
						ErrorCodes.titleOf(ErrorCodes.REQUEST_BODY_MALFORMED), details, null, "json_syntax", null)));
	}

}
