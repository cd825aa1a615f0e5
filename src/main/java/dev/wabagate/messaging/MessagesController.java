package dev.wabagate.messaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ApiMeta;
import dev.wabagate.shared.JsonBody;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Messages", description = "Send session and template messages and follow their status")
class MessagesController {

	private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final MessageService messages;

	private final MessageQueries queries;

	private final ReadReceipts readReceipts;

	MessagesController(MessageService messages, MessageQueries queries, ReadReceipts readReceipts) {
		this.messages = messages;
		this.queries = queries;
		this.readReceipts = readReceipts;
	}

	@Operation(summary = "Send a message",
			description = "Validates the message, stores it durably and answers 201 with Wabagate's message id; "
					+ "the message is sent upstream afterwards. The body is read as JSON whatever the Content-Type "
					+ "(the seed's curl commands send none). Trailing commas are accepted; duplicate keys and "
					+ "syntax errors are refused with their line and column.")
	@ApiResponse(responseCode = "201",
			description = "Accepted and stored: {messages:[{id}], contacts:[{input, wa_id}], meta}; "
					+ "with Idempotent-Replayed: true when it replays an earlier answer",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
	@ApiResponse(responseCode = "409", description = "The same Idempotency-Key is still being processed",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(ref = "#/components/schemas/Problem")))
	@ApiResponse(responseCode = "422", description = "The Idempotency-Key was used with another body",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
					schema = @Schema(ref = "#/components/schemas/Problem")))
	@Parameter(name = IDEMPOTENCY_KEY, in = ParameterIn.HEADER, schema = @Schema(type = "string"),
			description = "Replays the first answer for 24 h when repeated with the same body")
	@PostMapping(path = "/v1/messages", produces = MediaType.APPLICATION_JSON_VALUE)
	void send(Channel channel, JsonBody body, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (body.isEmpty()) {
			throw ApiException.missingBody("a JSON message object");
		}
		MessageService.SendAnswer answer = this.messages.send(channel, body.json(), idempotencyKey(request));
		if (answer.replayed()) {
			response.setHeader("Idempotent-Replayed", "true");
		}
		// Serialised once by the service and written as it is, straight to the servlet
		// response: return value handling and content negotiation cost more than the
		// write
		// itself (ADR 0031).
		byte[] json = answer.json().getBytes(StandardCharsets.UTF_8);
		response.setStatus(answer.status());
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(json.length);
		response.getOutputStream().write(json);
	}

	@Operation(summary = "Send a message (the seed's GET variant)",
			description = "The seed documents the document message as GET with a body; it is treated as POST.")
	@ApiResponse(responseCode = "201", description = "As POST /v1/messages",
			content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(type = "object")))
	@Parameter(name = IDEMPOTENCY_KEY, in = ParameterIn.HEADER, schema = @Schema(type = "string"))
	@GetMapping(path = "/v1/messages", produces = MediaType.APPLICATION_JSON_VALUE)
	void sendWithGet(Channel channel, JsonBody body, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (body.isEmpty()) {
			throw ApiException.missingBody("GET /v1/messages sends a message (as the seed documents); "
					+ "use GET /v1/messages/{id} to read one");
		}
		send(channel, body, request, response);
	}

	/**
	 * The {@code Idempotency-Key} header, read here rather than as a
	 * {@code @RequestHeader} argument: Spring resolves that argument's name for
	 * placeholders and expressions and makes a data binder to convert it, on every
	 * request, even when the header is absent (ADR 0027). Several values are joined with
	 * commas, as that conversion joins them.
	 */
	private static @Nullable String idempotencyKey(HttpServletRequest request) {
		Enumeration<String> values = request.getHeaders(IDEMPOTENCY_KEY);
		if (values == null || !values.hasMoreElements()) {
			return null;
		}
		String first = values.nextElement();
		if (!values.hasMoreElements()) {
			return first;
		}
		StringJoiner joined = new StringJoiner(",").add(first);
		while (values.hasMoreElements()) {
			joined.add(values.nextElement());
		}
		return joined.toString();
	}

	@Operation(summary = "Mark a customer's message read",
			description = "On-Premises' {\"status\":\"read\"}, for the id of a customer's message as the webhook "
					+ "gave it; the customer sees blue ticks. Optional \"typing_indicator\":{\"type\":\"text\"} "
					+ "(Cloud API) also shows them that the business is typing, for up to 25 s or until it replies.")
	@ApiResponse(responseCode = "200", description = "Marked read: {\"success\":true, meta}")
	@ApiResponse(responseCode = "404", description = "No customer message of this channel has this id")
	@ApiResponse(responseCode = "503", description = "The provider is unavailable; Retry-After says when to try again")
	@PutMapping(path = "/v1/messages/{*id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> markRead(Channel channel, @Parameter(
			description = "The customer message's id; wamids are base64 and may hold '/', which is taken as is") @PathVariable("id") String path,
			JsonBody body) {
		String id = path.substring(1);
		JsonNode json = body.json();
		JsonNode status = json.get("status");
		if (status == null || status.isNull()) {
			throw ApiException.missing("status", "\"read\"");
		}
		if (!"read".equals(status.asString(""))) {
			throw ApiException.invalid("status", "one_of", List.of("read"), "status must be 'read'");
		}
		JsonNode typing = json.get("typing_indicator");
		if (typing != null && !typing.isNull() && !"text".equals(typing.path("type").asString(""))) {
			throw ApiException.invalid("typing_indicator.type", "one_of", List.of("text"),
					"typing_indicator.type must be 'text'");
		}
		this.readReceipts.markRead(channel, id, typing != null && !typing.isNull());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("success", true);
		answer.put("meta", ApiMeta.of(HttpStatus.OK));
		return answer;
	}

	@Operation(summary = "Get a message with its status history and send attempts")
	@GetMapping(path = "/v1/messages/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	MessageView get(Channel channel, @PathVariable String id) {
		return this.queries.find(channel, id).orElseThrow(() -> ApiException.notFound("Message " + id));
	}

}
