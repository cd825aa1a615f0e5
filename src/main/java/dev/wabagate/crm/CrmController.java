package dev.wabagate.crm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ApiMeta;
import dev.wabagate.shared.JsonBody;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "CRM", description = "Chats of the channel and their custom fields")
class CrmController {

	private static final int MAX_LIMIT = 1000;

	private final Chats chats;

	private final CustomFields customFields;

	CrmController(Chats chats, CustomFields customFields) {
		this.chats = chats;
		this.customFields = customFields;
	}

	@Operation(summary = "List the channel's chats",
			description = "Most recently active first, with whether the 24-hour customer service window is open.")
	@GetMapping("/crm/chats")
	Map<String, Object> chats(Channel channel, @RequestParam(defaultValue = "50") int limit,
			@RequestParam(defaultValue = "0") int offset) {
		if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
			throw ApiException.invalid("limit", "range", MAX_LIMIT,
					"limit must be between 1 and " + MAX_LIMIT + " and offset not negative");
		}
		List<Map<String, Object>> data = this.chats.chatsOf(channel.id(), limit, offset).stream().map((chat) -> {
			Map<String, Object> view = new LinkedHashMap<>();
			view.put("id", chat.id());
			view.put("wa_id", chat.waId());
			view.put("profile_name", chat.profileName());
			view.put("last_inbound_at", chat.lastInboundAt());
			view.put("window_open", this.chats.windowOpen(chat));
			return view;
		}).toList();
		return Map.of("data", data, "limit", limit, "offset", offset);
	}

	@Operation(summary = "List the custom fields")
	@GetMapping("/crm/setting/custom-field")
	Map<String, Object> fields(Channel channel) {
		return Map.of("data", this.customFields.fields(channel));
	}

	@Operation(summary = "Create a custom field",
			description = "name (unique per channel, at most 100 characters), type (text, number, date, boolean, "
					+ "email, phone or url), optional description.")
	@PostMapping("/crm/setting/custom-field")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> create(Channel channel, JsonBody body) {
		return Map.of("data", this.customFields.create(channel, body.json()), "meta", ApiMeta.of(HttpStatus.CREATED));
	}

	@Operation(summary = "Delete a custom field and its values on every chat")
	@DeleteMapping("/crm/setting/custom-field/{id}")
	Map<String, Object> delete(Channel channel, @PathVariable String id) {
		this.customFields.delete(channel, id);
		return Map.of("meta", ApiMeta.of(HttpStatus.OK));
	}

	@Operation(summary = "A chat's custom field values",
			description = "Every field, value null where unset. The chat is named by its id (chat_...) or by the "
					+ "customer's number.")
	@GetMapping("/crm/chat/setting/{chatId}/custom-field")
	Map<String, Object> values(Channel channel, @PathVariable String chatId) {
		return Map.of("data", this.customFields.values(channel, chatId));
	}

	@Operation(summary = "Set custom field values on a chat",
			description = "{\"data\":[{\"id\",\"value\"}]}; each value is checked against its field's type, all "
					+ "or nothing.")
	@PostMapping("/crm/chat/setting/{chatId}/custom-field")
	Map<String, Object> setValues(Channel channel, @PathVariable String chatId, JsonBody body) {
		return Map.of("data", this.customFields.setValues(channel, chatId, body.json()), "meta",
				ApiMeta.of(HttpStatus.OK));
	}

	@Operation(summary = "Remove a custom field value from a chat")
	@DeleteMapping("/crm/chat/setting/{chatId}/custom-field/{id}")
	Map<String, Object> deleteValue(Channel channel, @PathVariable String chatId, @PathVariable String id) {
		this.customFields.deleteValue(channel, chatId, id);
		return Map.of("meta", ApiMeta.of(HttpStatus.OK));
	}

}
