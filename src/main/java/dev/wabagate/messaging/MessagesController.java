package dev.wabagate.messaging;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.JsonBody;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Messages", description = "Send session and template messages and follow their status")
class MessagesController {

	private final MessageService messages;

	private final MessageQueries queries;

	MessagesController(MessageService messages, MessageQueries queries) {
		this.messages = messages;
		this.queries = queries;
	}

	@Operation(summary = "Send a message",
			description = "Validates the message, stores it durably and answers 201 with Wabagate's message id; "
					+ "the message is sent upstream afterwards. The body is read as JSON whatever the Content-Type "
					+ "(the seed's curl commands send none). Trailing commas are accepted; duplicate keys and "
					+ "syntax errors are refused with their line and column.")
	@ApiResponse(responseCode = "201",
			description = "Accepted and stored: {messages:[{id}], contacts:[{input, wa_id}], meta}; "
					+ "with Idempotent-Replayed: true when it replays an earlier answer")
	@ApiResponse(responseCode = "409", description = "The same Idempotency-Key is still being processed")
	@ApiResponse(responseCode = "422", description = "The Idempotency-Key was used with another body")
	@PostMapping(path = "/v1/messages", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<JsonNode> send(Channel channel, JsonBody body,
			@Parameter(
					description = "Replays the first answer for 24 h when repeated with the same body") @RequestHeader(
							name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
		if (body.isEmpty()) {
			throw ApiException.missingBody("a JSON message object");
		}
		MessageService.SendAnswer answer = this.messages.send(channel, body.json(), idempotencyKey);
		ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status());
		if (answer.replayed()) {
			response.header("Idempotent-Replayed", "true");
		}
		return response.body(answer.body());
	}

	@Operation(summary = "Send a message (the seed's GET variant)",
			description = "The seed documents the document message as GET with a body; it is treated as POST.")
	@GetMapping(path = "/v1/messages", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<JsonNode> sendWithGet(Channel channel, JsonBody body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
		if (body.isEmpty()) {
			throw ApiException.missingBody("GET /v1/messages sends a message (as the seed documents); "
					+ "use GET /v1/messages/{id} to read one");
		}
		return send(channel, body, idempotencyKey);
	}

	@Operation(summary = "Get a message with its status history and send attempts")
	@GetMapping(path = "/v1/messages/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	MessageView get(Channel channel, @PathVariable String id) {
		return this.queries.find(channel, id).orElseThrow(() -> ApiException.notFound("Message " + id));
	}

}
