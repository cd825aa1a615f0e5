package dev.wabagate.webhooks;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An event for a channel's webhook, published by any module as a Spring application event
 * inside the transaction that caused it: the webhooks module stores it in that
 * transaction, so it is delivered exactly when the cause commits. Message statuses and
 * customer messages need no {@code WebhookEvent}: they are picked up from
 * {@code MessageStatusChanged} and {@code CustomerMessageReceived}.
 *
 * @param channelId the channel whose webhook receives it
 * @param chatKey the customer's wa_id when the event belongs to a chat (events of one
 * chat are delivered in order); null for the channel's own events, which form one ordered
 * lane
 * @param type the event type shown in the delivery log, dot-separated (e.g.
 * {@code template.status_updated})
 * @param field the Cloud API webhook field ({@code message_template_status_update},
 * {@code account_update}, ...)
 * @param value the Cloud API change {@code value} object; the v1 format delivers it as
 * {@code {"<field>": value}}
 */
public record WebhookEvent(String channelId, @Nullable String chatKey, String type, String field, JsonNode value) {

	/**
	 * A template's review or quality status changed (Meta's
	 * {@code message_template_status_update}).
	 * @param event {@code APPROVED}, {@code REJECTED}, {@code PENDING}, {@code PAUSED},
	 * {@code DISABLED}, ...
	 * @param reason the rejection reason, or null
	 */
	public static WebhookEvent templateStatusUpdate(String channelId, String templateId, String templateName,
			String language, String event, @Nullable String reason, @Nullable String category) {
		ObjectNode value = JsonNodeFactory.instance.objectNode();
		value.put("event", event);
		value.put("message_template_id", templateId);
		value.put("message_template_name", templateName);
		value.put("message_template_language", language);
		value.put("reason", (reason != null) ? reason : "NONE");
		if (category != null) {
			value.put("message_template_category", category);
		}
		return new WebhookEvent(channelId, null, "template.status_updated", "message_template_status_update", value);
	}

	/**
	 * An event about the channel itself (its number, quality, account), delivered under
	 * the given Cloud API field with type {@code channel.<field>}.
	 */
	public static WebhookEvent channelEvent(String channelId, String field, JsonNode value) {
		return new WebhookEvent(channelId, null, "channel." + field, field, value);
	}

}
