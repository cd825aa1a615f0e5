package dev.wabagate.shared;

import tools.jackson.databind.JsonNode;

/**
 * A request body read as JSON whatever its Content-Type said, because the seed's curl
 * examples send JSON as {@code application/x-www-form-urlencoded} or with no type at all.
 * Controllers declare a parameter of this type; {@link JsonBodyArgumentResolver} fills
 * it.
 *
 * @param json the parsed body; an empty object when the request had no body and the body
 * is optional
 * @param raw the exact bytes received, for hashing (idempotency) and signatures
 */
public record JsonBody(JsonNode json, byte[] raw) {

	public boolean isEmpty() {
		return this.raw.length == 0;
	}

}
