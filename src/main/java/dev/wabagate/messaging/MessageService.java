package dev.wabagate.messaging;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.accounts.Channel;
import dev.wabagate.messaging.validation.MessageValidator;
import dev.wabagate.messaging.validation.TemplateRef;
import dev.wabagate.messaging.validation.ValidatedMessage;
import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ApiMeta;
import dev.wabagate.shared.ErrorCodes;
import dev.wabagate.shared.Ids;
import dev.wabagate.templates.TemplateCatalogue;
import dev.wabagate.upstream.MessagePayload;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Accepting a message: validate, and commit the message, its first status and its queue
 * entry in one transaction, which also checks the 24-hour window, before answering.
 * Nothing is stored for a refused request.
 */
@Service
public class MessageService {

	private final MessageValidator validator = new MessageValidator();

	private final AcceptedMessageWriter writer;

	private final Clock clock;

	private final Timer acceptTimer;

	private final Counter acceptedCounter;

	private final IdempotencyKeys idempotencyKeys;

	/** The {@code meta} block of every 201, serialised once. */
	private final String createdMeta;

	private final JsonMapper json;

	private final TemplateCatalogue templates;

	MessageService(AcceptedMessageWriter writer, Clock clock, MeterRegistry meters, IdempotencyKeys idempotencyKeys,
			JsonMapper json, TemplateCatalogue templates) {
		this.templates = templates;
		this.idempotencyKeys = idempotencyKeys;
		this.json = json;
		this.createdMeta = json.writeValueAsString(json.valueToTree(ApiMeta.of(HttpStatus.CREATED)));
		this.acceptedCounter = meters.counter("wabagate.messages.accepted");
		this.writer = writer;
		this.clock = clock;
		this.acceptTimer = Timer.builder("wabagate.messages.accept")
			.description("Time to validate and durably store a message")
			.publishPercentileHistogram()
			.register(meters);
	}

	/**
	 * Accepts a send request, honouring an {@code Idempotency-Key} when one is given.
	 * @return the answer to give: 201 with the On-Premises send response, or a replay of
	 * it
	 */
	public SendAnswer send(Channel channel, JsonNode body, @Nullable String idempotencyKey) {
		if (idempotencyKey == null) {
			return new SendAnswer(HttpStatus.CREATED.value(), accept(channel, body, null), false);
		}
		if (idempotencyKey.isBlank() || idempotencyKey.length() > 255) {
			throw ApiException.invalid("Idempotency-Key", "length", 255,
					"The Idempotency-Key header must be 1 to 255 characters");
		}
		Optional<IdempotencyKeys.StoredAnswer> replay = this.idempotencyKeys.claim(channel.id(), idempotencyKey,
				IdempotencyKeys.hash(body.toString()));
		if (replay.isPresent()) {
			return new SendAnswer(replay.get().status(), replay.get().body(), true);
		}
		try {
			return new SendAnswer(HttpStatus.CREATED.value(), accept(channel, body, idempotencyKey), false);
		}
		catch (RuntimeException ex) {
			this.idempotencyKeys.release(channel.id(), idempotencyKey);
			throw ex;
		}
	}

	private String accept(Channel channel, JsonNode body, @Nullable String idempotencyKey) {
		return this.acceptTimer.record(() -> {
			ValidatedMessage message = this.validator.validate(body);
			TemplateRef template = message.template();
			if (template != null) {
				// A template message must name an approved template and fill all its
				// variables.
				this.templates.checkSendable(channel.id(), template.name(), template.language(), template.bodyParams(),
						template.headerParams());
			}
			String messageId = Ids.next("msg");
			String answer = sendResponse(messageId, message);
			JsonNode callbackData = message.cloudPayload().get("biz_opaque_callback_data");
			boolean stored = this.writer.write(new AcceptedMessageWriter.NewMessage(messageId, channel.id(),
					channel.accountId(), message.recipientWaId(), message.recipientInput(),
					new MessagePayload(message.type(), message.cloudPayload().toString()),
					(callbackData != null) ? callbackData.asString() : null, Timestamp.from(this.clock.instant()),
					channel.gatewayEnforcesWindow() && message.type().needsOpenWindow(),
					(idempotencyKey != null) ? new AcceptedMessageWriter.IdempotentAnswer(idempotencyKey,
							HttpStatus.CREATED.value(), answer) : null));
			if (!stored) {
				throw outsideWindow(message.recipientWaId());
			}
			this.acceptedCounter.increment();
			return answer;
		});
	}

	/**
	 * The On-Premises / 360dialog v1 send response, serialised once, as the mapper would
	 * write its tree but without building one.
	 */
	private String sendResponse(String messageId, ValidatedMessage message) {
		StringBuilder answer = new StringBuilder(128 + this.createdMeta.length());
		answer.append("{\"messages\":[{\"id\":");
		appendString(answer, messageId);
		answer.append("}],\"contacts\":[{\"input\":");
		appendString(answer, message.recipientInput());
		answer.append(",\"wa_id\":");
		appendString(answer, message.recipientWaId());
		return answer.append("}],\"meta\":").append(this.createdMeta).append('}').toString();
	}

	/**
	 * A JSON string: printable ASCII that no setting escapes is written as it is,
	 * anything else (a group id may hold any character) by the mapper.
	 */
	private void appendString(StringBuilder answer, String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < ' ' || c > '~' || c == '"' || c == '\\' || c == '/') {
				answer.append(this.json.writeValueAsString(value));
				return;
			}
		}
		answer.append('"').append(value).append('"');
	}

	/**
	 * What to answer a send request.
	 *
	 * @param json the answer's body, serialised (a replay gives it as it was stored)
	 */
	public record SendAnswer(int status, String json, boolean replayed) {

		/** The answer's body as a tree, for callers that reshape it. */
		public JsonNode body() {
			return JsonMapper.shared().readTree(this.json);
		}

	}

	private static ApiException outsideWindow(String waId) {
		String details = "More than 24 hours have passed since " + waId
				+ " last wrote to this number: only template messages may be sent until they write again";
		return new ApiException(HttpStatus.BAD_REQUEST, "outside-customer-service-window", details,
				List.of(ApiError.of(ErrorCodes.OUTSIDE_CUSTOMER_SERVICE_WINDOW,
						ErrorCodes.titleOf(ErrorCodes.OUTSIDE_CUSTOMER_SERVICE_WINDOW), details),
						ApiError.of(ErrorCodes.CLOUD_RE_ENGAGEMENT, ErrorCodes.titleOf(ErrorCodes.CLOUD_RE_ENGAGEMENT),
								details)));
	}

}
