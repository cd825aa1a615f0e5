package dev.wabagate.accounts;

import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.PostgresGatewayTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

@TestPropertySource(properties = "wabagate.api-keys.key-cache-ttl=0s")
class ApiKeysTests extends PostgresGatewayTest {

	@Autowired
	private JdbcClient jdbc;

	@Test
	void aRotatedKeyKeepsWorkingBesideItsSuccessorAndARevokedKeyStopsAtOnce() {
		TestChannel channel = gateway().newSandboxChannel();
		String oldKeyId = keyIds(channel).get(0).get("id").asString();

		Response rotated = gateway().admin("POST", "/admin/v1/api-keys/" + oldKeyId + "/rotate", null);
		String newKey = rotated.json().get("api_key").asString();

		assertThat(rotated.status()).isEqualTo(201);
		assertThat(phoneNumberStatus(channel.apiKey())).isNotEqualTo(401);
		assertThat(phoneNumberStatus(newKey)).isNotEqualTo(401);
		assertThat(keyIds(channel).get(0).get("expires_at").isNull()).isFalse();

		gateway().admin("DELETE", "/admin/v1/api-keys/" + oldKeyId, null);

		assertThat(phoneNumberStatus(channel.apiKey())).isEqualTo(401);
		assertThat(phoneNumberStatus(newKey)).isNotEqualTo(401);
	}

	@Test
	void keysAreStoredOnlyAsHashesBehindAVisiblePrefix() {
		TestChannel channel = gateway().newSandboxChannel();

		Map<String, Object> stored = this.jdbc.sql("select prefix, key_hash from api_keys where channel_id = ?")
			.param(channel.channelId())
			.query()
			.singleRow();

		assertThat(channel.apiKey()).startsWith((String) stored.get("prefix"));
		assertThat((String) stored.get("key_hash")).hasSize(64).doesNotContain(channel.apiKey());
		assertThat(
				this.jdbc.sql("select count(*) from api_keys where key_hash like ?")
					.param("%" + channel.apiKey()
						.substring(channel.apiKey().indexOf('_', AccountService.KEY_PREFIX.length()) + 1) + "%")
					.query(Integer.class)
					.single())
			.isZero();
	}

	@Test
	void providerCredentialsAreEncryptedAtRest() {
		Response created = gateway().admin("POST", "/admin/v1/accounts", """
				{"name":"Meta business","phone_number":"+15551230001","provider":"meta","phone_number_id":"pn-%d",
				 "waba_id":"waba-1","credentials":{"access_token":"EAAG-super-secret-token"}}"""
			.formatted(System.nanoTime()));

		String stored = this.jdbc.sql("select credentials_encrypted from channels where id = ?")
			.param(created.json().get("channel").get("id").asString())
			.query(String.class)
			.single();
		assertThat(created.status()).isEqualTo(201);
		assertThat(stored).doesNotContain("EAAG").doesNotContain("super-secret");
		assertThat(created.body()).doesNotContain("super-secret");
	}

	@Test
	void theAdminApiNeedsTheOperatorToken() {
		Response anonymous = gateway().request(gateway().to("/admin/v1/accounts").GET());
		Response wrong = gateway()
			.request(gateway().to("/admin/v1/accounts").header("Authorization", "Bearer nope").GET());

		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(wrong.status()).isEqualTo(401);
	}

	@Test
	void accountCreationRefusesBadInputByField() {
		Response badNumber = gateway().admin("POST", "/admin/v1/accounts",
				"{\"name\":\"x\",\"phone_number\":\"not a number\",\"provider\":\"sandbox\"}");
		Response badProvider = gateway().admin("POST", "/admin/v1/accounts",
				"{\"name\":\"x\",\"phone_number\":\"+15551234567\",\"provider\":\"twilio\"}");

		assertThat(badNumber.status()).isEqualTo(400);
		assertThat(badNumber.json().get("errors").get(0).get("field").asString()).isEqualTo("phone_number");
		assertThat(badProvider.status()).isEqualTo(400);
		assertThat(badProvider.json().get("errors").get(0).get("field").asString()).isEqualTo("provider");
	}

	private JsonNode keyIds(TestChannel channel) {
		return gateway().admin("GET", "/admin/v1/channels/" + channel.channelId() + "/api-keys", null)
			.json()
			.get("api_keys");
	}

	private int phoneNumberStatus(String key) {
		return gateway().get("/v1/messages/msg_none", key).status();
	}

}
