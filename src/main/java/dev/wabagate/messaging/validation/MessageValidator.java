package dev.wabagate.messaging.validation;

import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ErrorCodes;
import dev.wabagate.shared.PhoneNumbers;

import org.springframework.http.HttpStatus;

/** Placeholder until the full rule set lands: checks the envelope only. */
public final class MessageValidator {

	public ValidatedMessage validate(JsonNode body) {
		if (!body.isObject() || !body.hasNonNull("to") || !body.hasNonNull("type")) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "validation", "to and type are required",
					List.of(ApiError.of(ErrorCodes.REQUIRED_PARAMETER_MISSING, "Required parameter is missing",
							"to and type are required")));
		}
		String to = body.get("to").asString();
		String waId = PhoneNumbers.toWaId(to).orElseThrow(() -> ApiException.invalid("to", "phone_number", null, "to"));
		ObjectNode payload = ((ObjectNode) body).deepCopy();
		payload.put("messaging_product", "whatsapp");
		payload.put("to", "+" + waId);
		return new ValidatedMessage(to, waId, body.get("type").asString(), payload, null);
	}

}
