package dev.wabagate.crm;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.Ids;
import dev.wabagate.shared.Violations;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Custom fields a channel defines, and their values on its chats. */
@Service
public class CustomFields {

	private static final int MAX_VALUE_LENGTH = 1000;

	private final JdbcClient jdbc;

	private final Chats chats;

	private final Clock clock;

	CustomFields(JdbcClient jdbc, Chats chats, Clock clock) {
		this.jdbc = jdbc;
		this.chats = chats;
		this.clock = clock;
	}

	record CustomField(String id, String name, String type, @Nullable String description, Instant createdAt) {
	}

	/** A field of the channel with one chat's value, null where it has none. */
	public record FieldValue(String id, String name, String type, @Nullable String value, @Nullable Instant updatedAt) {
	}

	List<CustomField> fields(Channel channel) {
		return this.jdbc.sql(
				"select id, name, type, description, created_at from custom_fields where channel_id = ? order by created_at, id")
			.param(channel.id())
			.query((rs, i) -> new CustomField(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getTimestamp(5).toInstant()))
			.list();
	}

	CustomField create(Channel channel, JsonNode body) {
		Violations violations = new Violations();
		String name = text(body, "name");
		if (name == null) {
			violations.missing("name");
		}
		else if (name.length() > 100) {
			violations.invalid("name", "max_length", 100, "name must be at most 100 characters");
		}
		String typeName = text(body, "type");
		CustomFieldType type = null;
		if (typeName == null) {
			violations.missing("type");
		}
		else {
			type = CustomFieldType.of(typeName).orElse(null);
			if (type == null) {
				violations.invalid("type", "one_of", CustomFieldType.wireNames(),
						"type must be one of " + CustomFieldType.wireNames() + " (was '" + typeName + "')");
			}
		}
		String description = text(body, "description");
		if (description != null && description.length() > 500) {
			violations.invalid("description", "max_length", 500, "description must be at most 500 characters");
		}
		violations.throwIfAny();
		if (fields(channel).stream().anyMatch((field) -> field.name().equalsIgnoreCase(name))) {
			throw duplicate(name);
		}
		CustomField field = new CustomField(Ids.next("cf"), name, type.wireName(), description, this.clock.instant());
		try {
			this.jdbc.sql("""
					insert into custom_fields (id, channel_id, name, type, description, created_at)
					values (?, ?, ?, ?, ?, ?)""")
				.params(field.id(), channel.id(), name, field.type(), description, Timestamp.from(field.createdAt()))
				.update();
		}
		catch (DuplicateKeyException ex) {
			throw duplicate(name);
		}
		return field;
	}

	private static ApiException duplicate(String name) {
		return ApiException.conflict("A custom field named '" + name + "' already exists on this channel");
	}

	@Transactional
	void delete(Channel channel, String fieldId) {
		field(channel, fieldId).orElseThrow(() -> ApiException.notFound("Custom field " + fieldId));
		this.jdbc.sql("delete from chat_custom_field_values where field_id = ?").param(fieldId).update();
		this.jdbc.sql("delete from custom_fields where id = ?").param(fieldId).update();
	}

	/**
	 * Every field of the channel with this chat's value, null where it has none. The chat
	 * is named by its id or by the customer's number.
	 */
	public List<FieldValue> values(Channel channel, String chatIdOrNumber) {
		String chatId = requireChat(channel, chatIdOrNumber);
		return this.jdbc.sql("""
				select f.id, f.name, f.type, v.field_value, v.updated_at from custom_fields f
				left join chat_custom_field_values v on v.field_id = f.id and v.chat_id = ?
				where f.channel_id = ? order by f.created_at, f.id""").params(chatId, channel.id()).query((rs, i) -> {
			Timestamp updated = rs.getTimestamp(5);
			return new FieldValue(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					(updated != null) ? updated.toInstant() : null);
		}).list();
	}

	/** Sets the given values, all or none: {@code {"data":[{"id","value"}]}}. */
	@Transactional
	public List<FieldValue> setValues(Channel channel, String chatIdOrNumber, JsonNode body) {
		String chatId = requireChat(channel, chatIdOrNumber);
		JsonNode data = body.get("data");
		if (data == null || !data.isArray() || data.isEmpty()) {
			throw ApiException.missing("data", "an array of {\"id\": custom field id, \"value\": ...}");
		}
		Map<String, CustomField> fields = fields(channel).stream()
			.collect(Collectors.toMap(CustomField::id, Function.identity()));
		Violations violations = new Violations();
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = 0; i < data.size(); i++) {
			JsonNode item = data.get(i);
			String id = text(item, "id");
			CustomField field = (id != null) ? fields.get(id) : null;
			if (id == null) {
				violations.missing("data[" + i + "].id");
			}
			else if (field == null) {
				violations.invalid("data[" + i + "].id", "unknown_custom_field", null,
						"data[" + i + "].id: there is no custom field '" + id + "' on this channel");
			}
			JsonNode raw = item.get("value");
			String value = (raw != null && raw.isValueNode() && !raw.isNull()) ? raw.asString().strip() : null;
			if (value == null || value.isEmpty()) {
				violations.missing("data[" + i + "].value");
			}
			else if (value.length() > MAX_VALUE_LENGTH) {
				violations.invalid("data[" + i + "].value", "max_length", MAX_VALUE_LENGTH,
						"data[" + i + "].value must be at most " + MAX_VALUE_LENGTH + " characters");
			}
			else if (field != null) {
				CustomFieldType type = CustomFieldType.of(field.type()).orElseThrow();
				if (!type.accepts(value)) {
					violations.invalid("data[" + i + "].value", "type", field.type(), "data[" + i + "].value for '"
							+ field.name() + "' must be " + type.expected() + " (was '" + value + "')");
				}
				values.put(id, value);
			}
		}
		violations.throwIfAny();
		Timestamp now = Timestamp.from(this.clock.instant());
		values.forEach((fieldId, value) -> {
			int updated = this.jdbc.sql(
					"update chat_custom_field_values set field_value = ?, updated_at = ? where chat_id = ? and field_id = ?")
				.params(value, now, chatId, fieldId)
				.update();
			if (updated == 0) {
				this.jdbc.sql("""
						insert into chat_custom_field_values (chat_id, field_id, field_value, updated_at)
						values (?, ?, ?, ?)""").params(chatId, fieldId, value, now).update();
			}
		});
		touch(chatId, now);
		return values(channel, chatId);
	}

	void deleteValue(Channel channel, String chatIdOrNumber, String fieldId) {
		String chatId = requireChat(channel, chatIdOrNumber);
		field(channel, fieldId).orElseThrow(() -> ApiException.notFound("Custom field " + fieldId));
		int deleted = this.jdbc.sql("delete from chat_custom_field_values where chat_id = ? and field_id = ?")
			.params(chatId, fieldId)
			.update();
		if (deleted == 0) {
			throw ApiException.notFound("A value of custom field " + fieldId + " on chat " + chatId);
		}
		touch(chatId, Timestamp.from(this.clock.instant()));
	}

	/** Tells the inbox's live updates that the chat changed. */
	private void touch(String chatId, Timestamp at) {
		this.jdbc.sql("update chats set changed_at = ? where id = ?").params(at, chatId).update();
	}

	private String requireChat(Channel channel, String chatIdOrNumber) {
		return this.chats.findChatByIdOrNumber(channel.id(), chatIdOrNumber)
			.orElseThrow(() -> ApiException.notFound("Chat " + chatIdOrNumber))
			.id();
	}

	private Optional<CustomField> field(Channel channel, String fieldId) {
		return fields(channel).stream().filter((field) -> field.id().equals(fieldId)).findFirst();
	}

	private static @Nullable String text(JsonNode node, String name) {
		JsonNode value = node.get(name);
		return (value != null && value.isString() && !value.stringValue().isBlank()) ? value.stringValue().strip()
				: null;
	}

}
