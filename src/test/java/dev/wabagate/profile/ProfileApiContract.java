package dev.wabagate.profile;

import java.net.http.HttpRequest;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.wabagate.support.GatewayClient;
import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.SeedFiles;
import dev.wabagate.upstream.ProviderContract;

import static org.assertj.core.api.Assertions.assertThat;

/** Phone number, account, profile, about, photo and compliance info, per database. */
interface ProfileApiContract {

	GatewayClient gateway();

	@Test
	default void theSeedsPhoneNumberAndGetUserRequestsDescribeTheKeysChannel() {
		TestChannel channel = gateway().newSandboxChannel();

		JsonNode number = gateway().get("/v1/configs/phone_number", channel.apiKey()).json();
		Response user = gateway().get("/api/getuser", channel.apiKey());

		assertThat(number.get("phone_number").asString()).startsWith("+1555");
		assertThat(number.get("quality_rating").asString()).isEqualTo("GREEN");
		assertThat(number.get("provider").asString()).isEqualTo("sandbox");
		assertThat(user.status()).isEqualTo(200);
		assertThat(user.json().get("account").get("id").asString()).isEqualTo(channel.accountId());
		assertThat(user.json().get("channel").get("id").asString()).isEqualTo(channel.channelId());
		assertThat(channel.apiKey()).startsWith(user.json().get("api_keys").get(0).get("prefix").asString());
		assertThat(user.body()).doesNotContain(channel.apiKey());
	}

	@Test
	default void theSeedsProfileReadsNeedAKeyAndShowOnlyTheKeysOwnProfile() {
		TestChannel owner = gateway().newSandboxChannel();
		TestChannel stranger = gateway().newSandboxChannel();
		gateway().curlData("POST", "/v1/settings/business/profile", owner.apiKey(),
				"{\"address\":\"1 Main St\",\"email\":\"shop@example.com\",\"vertical\":\"RETAIL\","
						+ "\"websites\":[\"https://example.com\"],\"description\":\"We sell things\",}");

		Response anonymous = gateway().request(gateway().to("/v1/settings/business/profile").GET());
		JsonNode own = gateway().get("/v1/settings/business/profile", owner.apiKey()).json();
		JsonNode other = gateway().get("/v1/settings/business/profile", stranger.apiKey()).json();

		assertThat(anonymous.status()).isEqualTo(401);
		JsonNode profile = own.get("settings").get("business").get("profile");
		assertThat(profile.get("address").asString()).isEqualTo("1 Main St");
		assertThat(profile.get("vertical").asString()).isEqualTo("RETAIL");
		assertThat(profile.get("websites").get(0).asString()).isEqualTo("https://example.com");
		assertThat(other.get("settings").get("business").get("profile").get("address").asString()).isEmpty();
		assertThat(gateway().request(gateway().to("/v1/settings/profile/about").GET()).status()).isEqualTo(401);
	}

	@Test
	default void profileUpdatesFollowWhatsAppsLimits() {
		TestChannel channel = gateway().newSandboxChannel();

		Response refused = gateway().curlData("PATCH", "/v1/settings/business/profile", channel.apiKey(),
				"{\"address\":\"" + "x".repeat(257) + "\",\"email\":\"nope\",\"vertical\":\"SHOPS\","
						+ "\"websites\":[\"example.com\",\"https://a.b\",\"https://c.d\"],\"colour\":\"red\"}");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").valueStream().map((e) -> e.get("field").asString())).contains("address",
				"email", "vertical", "websites", "websites[0]", "colour");
		gateway().curlData("PATCH", "/v1/settings/business/profile", channel.apiKey(), "{\"vertical\":\"EDU\"}");
		assertThat(gateway().curlData("PATCH", "/v1/settings/business/profile", channel.apiKey(), "{\"vertical\":\"\"}")
			.status()).isEqualTo(400);
	}

	@Test
	default void theSeedsAboutUpdateOnItsWrongPathSetsTheAboutText() {
		TestChannel channel = gateway().newSandboxChannel();

		Response updated = gateway().curlData("PATCH", "/v1/configs/settings/business/profile", channel.apiKey(),
				SeedFiles.body("profile-about.json"));
		JsonNode about = gateway().get("/v1/settings/profile/about", channel.apiKey()).json();

		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(about.get("settings").get("profile").get("about").get("text").asString())
			.isEqualTo("Profile About Here");
		assertThat(gateway()
			.curlData("PATCH", "/v1/settings/profile/about", channel.apiKey(), "{\"text\":\"" + "x".repeat(140) + "\"}")
			.status()).isEqualTo(400);
		assertThat(
				gateway().curlData("PATCH", "/v1/settings/profile/about", channel.apiKey(), "{\"text\":\"\"}").status())
			.isEqualTo(400);
	}

	default Response uploadPhoto(TestChannel channel, byte[] bytes) {
		return gateway().request(gateway().to("/v1/settings/profile/photo")
			.header("API-KEY", channel.apiKey())
			.header("Content-Type", "image/png")
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
	}

	@Test
	default void thePhotoIsServedAsImageOrLinkAndCanBeRemoved() {
		TestChannel channel = gateway().newSandboxChannel();
		assertThat(gateway().get("/v1/settings/profile/photo", channel.apiKey()).status()).isEqualTo(404);

		assertThat(uploadPhoto(channel, ProviderContract.png(16)).status()).isEqualTo(400);
		assertThat(uploadPhoto(channel, ProviderContract.png(200)).status()).isEqualTo(200);
		Response image = gateway().get("/v1/settings/profile/photo", channel.apiKey());
		Response link = gateway().get("/v1/settings/profile/photo?format=link", channel.apiKey());

		assertThat(image.status()).isEqualTo(200);
		assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(link.json().get("settings").get("profile").get("photo").get("link").asString())
			.isEqualTo(gateway().base() + "/v1/settings/profile/photo");
		assertThat(gateway().curlData("DELETE", "/v1/settings/profile/photo", channel.apiKey(), "").status())
			.isEqualTo(200);
		assertThat(gateway().get("/v1/settings/profile/photo", channel.apiKey()).status()).isEqualTo(404);
	}

	default Response complianceWithD360Key(TestChannel channel, String method, String body) {
		return gateway().request(gateway().to("/v1/settings/business/compliance_info")
			.header("D360-API-KEY", channel.apiKey())
			.header("Content-Type", "application/x-www-form-urlencoded")
			.method(method, HttpRequest.BodyPublishers.ofString(body)));
	}

	@Test
	default void theSeedsComplianceExampleIsRefusedListingEveryEmptyRequiredField() {
		TestChannel channel = gateway().newSandboxChannel();

		Response refused = complianceWithD360Key(channel, "GET", SeedFiles.body("compliance.json"));

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").valueStream().map((e) -> e.get("field").asString()))
			.containsExactlyInAnyOrder("entity_name", "grievance_officer_details.name",
					"grievance_officer_details.email", "customer_care_details.email");
		assertThat(gateway().get("/v1/settings/business/compliance_info", channel.apiKey()).json().get("data"))
			.isEmpty();
	}

	@Test
	default void theSeedsComplianceGetWithABodyUpdatesAndAPlainGetReads() {
		TestChannel channel = gateway().newSandboxChannel();
		String filled = SeedFiles.body("compliance.json")
			.replace("\"entity_name\" : \"\"", "\"entity_name\" : \"Acme Traders\"")
			.replace("\"name\" : \"\"", "\"name\" : \"Asha Rao\"")
			.replace("\"email\" : \"\"", "\"email\" : \"care@acme.in\"")
			.replace("\"mobile_number\" : \"\"", "\"mobile_number\" : \"+919876543210\"");

		Response updated = complianceWithD360Key(channel, "GET", filled);
		JsonNode read = gateway().get("/v1/settings/business/compliance_info", channel.apiKey()).json();

		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		JsonNode info = read.get("data").get(0);
		assertThat(info.get("entity_type").asString()).isEqualTo("PRIVATE_COMPANY");
		assertThat(info.get("grievance_officer_details").get("mobile_number").asString()).isEqualTo("+919876543210");
		assertThat(info.get("customer_care_details").has("landline_number")).isFalse();
	}

	@Test
	default void complianceRulesForEntityTypesAndNumbers() {
		TestChannel channel = gateway().newSandboxChannel();
		String contacts = ",\"grievance_officer_details\":{\"name\":\"A B\",\"email\":\"a@b.in\",\"mobile_number\":\"98765\"},"
				+ "\"customer_care_details\":{\"email\":\"c@d.in\",\"landline_number\":\"+0123\"}}";

		Response other = gateway().curlData("POST", "/v1/settings/business/compliance_info", channel.apiKey(),
				"{\"entity_name\":\"Acme\",\"entity_type\":\"OTHER\"" + contacts);
		Response company = gateway().curlData("POST", "/v1/settings/business/compliance_info", channel.apiKey(),
				"{\"entity_name\":\"Acme\",\"entity_type\":\"Private Company\",\"entity_type_custom\":\"x\","
						+ "\"is_registered\":true" + contacts);
		Response unknownType = gateway().curlData("POST", "/v1/settings/business/compliance_info", channel.apiKey(),
				"{\"entity_name\":\"Acme\",\"entity_type\":\"Trust\"" + contacts);

		assertThat(other.json().get("errors").valueStream().map((e) -> e.get("field").asString())).contains(
				"entity_type_custom", "is_registered", "grievance_officer_details.mobile_number",
				"customer_care_details.landline_number");
		assertThat(company.json().get("errors").valueStream().map((e) -> e.get("field").asString()))
			.contains("entity_type_custom", "is_registered");
		assertThat(unknownType.json().get("errors").get(0).get("field").asString()).isEqualTo("entity_type");
	}

}
