package dev.wabagate.crm;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.wabagate.support.GatewayClient;
import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.SeedFiles;

import static org.assertj.core.api.Assertions.assertThat;

/** Chats and custom fields under /crm, per database. */
interface CustomFieldsApiContract {

	GatewayClient gateway();

	default String field(TestChannel channel, String name, String type) {
		Response created = gateway().curlData("POST", "/crm/setting/custom-field", channel.apiKey(),
				"{\"name\":\"" + name + "\",\"type\":\"" + type + "\",\"description\":\"d\"}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json().get("data").get("id").asString();
	}

	default String chat(TestChannel channel, String waId) {
		gateway().customerWrites(channel, waId);
		return gateway().get("/crm/chats", channel.apiKey())
			.json()
			.get("data")
			.valueStream()
			.filter((chat) -> waId.equals(chat.get("wa_id").asString()))
			.findFirst()
			.orElseThrow()
			.get("id")
			.asString();
	}

	@Test
	default void chatsAreListedWithTheirWindow() {
		TestChannel channel = gateway().newSandboxChannel();
		gateway().customerWrites(channel, "919811100001");

		JsonNode chat = gateway().get("/crm/chats", channel.apiKey()).json().get("data").get(0);

		assertThat(chat.get("id").asString()).startsWith("chat_");
		assertThat(chat.get("wa_id").asString()).isEqualTo("919811100001");
		assertThat(chat.get("window_open").asBoolean()).isTrue();
		assertThat(chat.get("last_inbound_at").asString()).isNotBlank();
	}

	@Test
	default void aChatIsNamedByItsIdOrByTheCustomersNumber() {
		TestChannel channel = gateway().newSandboxChannel();
		String fieldId = field(channel, "Order", "number");
		String chatId = chat(channel, "919811100009");

		Response set = gateway().curlData("POST", "/crm/chat/setting/919811100009/custom-field", channel.apiKey(),
				"{\"data\":[{\"id\":\"" + fieldId + "\",\"value\":\"42\"}]}");
		assertThat(set.status()).as(set.toString()).isEqualTo(200);

		Response byId = gateway().get("/crm/chat/setting/" + chatId + "/custom-field", channel.apiKey());
		Response byNumber = gateway().get("/crm/chat/setting/+919811100009/custom-field", channel.apiKey());
		assertThat(byId.json().at("/data/0/value").asString()).isEqualTo("42");
		assertThat(byNumber.json()).isEqualTo(byId.json());
		assertThat(gateway().get("/crm/chat/setting/919811100008/custom-field", channel.apiKey()).status())
			.isEqualTo(404);
	}

	@Test
	default void theSeedsCreateIsRefusedListingTheAllowedTypes() {
		TestChannel channel = gateway().newSandboxChannel();

		Response refused = gateway().curlData("POST", "/crm/setting/custom-field", channel.apiKey(),
				SeedFiles.body("custom-field-create.json"));

		assertThat(refused.status()).isEqualTo(400);
		JsonNode error = refused.json().get("errors").get(0);
		assertThat(error.get("field").asString()).isEqualTo("type");
		assertThat(error.get("details").asString()).contains("CUSTOM FIELD TYPE").contains("text", "number", "date");
		Response fixed = gateway().curlData("POST", "/crm/setting/custom-field", channel.apiKey(),
				SeedFiles.body("custom-field-create.json").replace("CUSTOM FIELD TYPE", "text"));
		assertThat(fixed.status()).isEqualTo(201);
		assertThat(gateway().get("/crm/setting/custom-field", channel.apiKey())
			.json()
			.get("data")
			.get(0)
			.get("name")
			.asString()).isEqualTo("CUSTOM FIELD NAME");
	}

	@Test
	default void namesAreUniquePerChannelAndRequired() {
		TestChannel channel = gateway().newSandboxChannel();
		field(channel, "Plan", "text");

		assertThat(gateway()
			.curlData("POST", "/crm/setting/custom-field", channel.apiKey(), "{\"name\":\"plan\",\"type\":\"text\"}")
			.status()).isEqualTo(409);
		assertThat(gateway().curlData("POST", "/crm/setting/custom-field", channel.apiKey(), "{\"type\":\"text\"}")
			.status()).isEqualTo(400);
		assertThat(gateway()
			.curlData("POST", "/crm/setting/custom-field", channel.apiKey(),
					"{\"name\":\"" + "n".repeat(101) + "\",\"type\":\"text\"}")
			.status()).isEqualTo(400);
		field(gateway().newSandboxChannel(), "Plan", "text");
	}

	@Test
	default void theSeedsValuesNameUnknownFieldsAndTypedValuesAreChecked() {
		TestChannel channel = gateway().newSandboxChannel();
		String chat = chat(channel, "919811100002");
		String age = field(channel, "Age", "number");
		String email = field(channel, "Email", "email");

		Response seed = gateway().curlData("POST", "/crm/chat/setting/" + chat + "/custom-field", channel.apiKey(),
				SeedFiles.body("custom-field-chat-values.json"));
		Response badValue = gateway().curlData("POST", "/crm/chat/setting/" + chat + "/custom-field", channel.apiKey(),
				"{\"data\":[{\"id\":\"" + age + "\",\"value\":\"old\"}]}");
		Response set = gateway().curlData("POST", "/crm/chat/setting/" + chat + "/custom-field", channel.apiKey(),
				"{\"data\":[{\"id\":\"" + age + "\",\"value\":42},{\"id\":\"" + email + "\",\"value\":\"a@b.co\",},]}");
		JsonNode values = gateway().get("/crm/chat/setting/" + chat + "/custom-field", channel.apiKey())
			.json()
			.get("data");

		assertThat(seed.status()).isEqualTo(400);
		assertThat(seed.json().get("errors").valueStream().map((e) -> e.get("details").asString()))
			.anyMatch((d) -> d.contains("CUSTOM FIELD ID 1"))
			.anyMatch((d) -> d.contains("CUSTOM FIELD ID 2"));
		assertThat(badValue.status()).isEqualTo(400);
		assertThat(badValue.json().get("errors").get(0).get("rule").asString()).isEqualTo("type");
		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		assertThat(values.get(0).get("value").asString()).isEqualTo("42");
		assertThat(values.get(1).get("value").asString()).isEqualTo("a@b.co");
	}

	@Test
	default void valuesAndFieldsCanBeDeleted() {
		TestChannel channel = gateway().newSandboxChannel();
		String chat = chat(channel, "919811100003");
		String plan = field(channel, "Plan", "text");
		gateway().curlData("POST", "/crm/chat/setting/" + chat + "/custom-field", channel.apiKey(),
				"{\"data\":[{\"id\":\"" + plan + "\",\"value\":\"gold\"}]}");

		assertThat(gateway()
			.curlData("DELETE", "/crm/chat/setting/" + chat + "/custom-field/" + plan, channel.apiKey(), "")
			.status()).isEqualTo(200);
		assertThat(gateway()
			.curlData("DELETE", "/crm/chat/setting/" + chat + "/custom-field/" + plan, channel.apiKey(), "")
			.status()).isEqualTo(404);
		assertThat(gateway().curlData("DELETE", "/crm/setting/custom-field/" + plan, channel.apiKey(), "").status())
			.isEqualTo(200);
		assertThat(gateway().get("/crm/setting/custom-field", channel.apiKey()).json().get("data")).isEmpty();
	}

	@Test
	default void anotherChannelsChatsAndFieldsDoNotExistForTheCaller() {
		TestChannel owner = gateway().newSandboxChannel();
		TestChannel stranger = gateway().newSandboxChannel();
		String chat = chat(owner, "919811100004");
		String plan = field(owner, "Plan", "text");

		assertThat(gateway().get("/crm/chat/setting/" + chat + "/custom-field", stranger.apiKey()).status())
			.isEqualTo(404);
		assertThat(gateway().curlData("DELETE", "/crm/setting/custom-field/" + plan, stranger.apiKey(), "").status())
			.isEqualTo(404);
		assertThat(gateway().get("/crm/chats", stranger.apiKey()).json().get("data")).isEmpty();
		assertThat(gateway().get("/crm/chat/setting/" + chat + "/custom-field", owner.apiKey()).status())
			.isEqualTo(200);
	}

}
