package dev.wabagate.upstream.meta;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.upstream.ProviderContract;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profile, about, photo and compliance info on a meta channel: what customers see is
 * Meta's, changes reach Meta before anything is stored, and Meta's failures leave
 * Wabagate's records as they were.
 */
class MetaProfileTests extends MetaGatewayTest {

	private static final String COMPLIANCE = """
			{"entity_name":"Acme Traders","entity_type":"PRIVATE_COMPANY",
			 "grievance_officer_details":{"name":"Asha Rao","email":"asha@acme.in"},
			 "customer_care_details":{"email":"care@acme.in"}}""";

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private JsonMapper json;

	@Test
	void aProfileChangedInWhatsAppManagerIsWhatTheBusinessReadsAndAnUpdateSendsOnlyItsFields() {
		MetaChannel channel = newMetaChannel();
		GRAPH.profileOf(channel.phoneNumberId())
			.put("description", "Set in WhatsApp Manager")
			.put("vertical", "RESTAURANT")
			.put("about", "Hello from Manager");

		JsonNode profile = gateway().get("/v1/settings/business/profile", channel.apiKey())
			.json()
			.at("/settings/business/profile");
		JsonNode about = gateway().get("/v1/settings/profile/about", channel.apiKey()).json();
		Response updated = gateway().curlData("POST", "/v1/settings/business/profile", channel.apiKey(),
				"{\"email\":\"new@example.com\",\"address\":\"\"}");

		assertThat(profile.get("description").asString()).isEqualTo("Set in WhatsApp Manager");
		assertThat(profile.get("vertical").asString()).isEqualTo("RESTAURANT");
		assertThat(about.at("/settings/profile/about/text").asString()).isEqualTo("Hello from Manager");
		assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
		assertThat(updated.json().at("/settings/business/profile/description").asString())
			.isEqualTo("Set in WhatsApp Manager");
		assertThat(lastProfilePost(channel)).isEqualTo(this.json.readTree("""
				{"messaging_product":"whatsapp","address":"","email":"new@example.com"}"""));
		assertThat(GRAPH.requestsFor(channel.phoneNumberId())).filteredOn((request) -> request.method().equals("GET"))
			.allSatisfy((request) -> assertThat(request.query()).contains("fields=").contains("profile_picture_url"));
	}

	@Test
	void thePhotoGoesThroughTheResumableUploadApiAndItsHandleIsSetOnTheProfile() {
		MetaChannel channel = newMetaChannel();
		byte[] png = ProviderContract.png(240);

		Response set = setPhoto(channel, png);
		Response image = gateway().get("/v1/settings/profile/photo", channel.apiKey());

		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		List<FakeGraph.Request> sessions = GRAPH.requestsFor(channel.appId());
		assertThat(sessions).singleElement().satisfies((session) -> {
			assertThat(session.path()).endsWith("/" + channel.appId() + "/uploads");
			assertThat(session.query()).contains("file_length=" + png.length).contains("file_type=image%2Fpng");
			assertThat(session.authorization()).isEqualTo("Bearer " + channel.accessToken());
		});
		FakeGraph.Request upload = GRAPH.requests()
			.stream()
			.filter((request) -> request.graphId() != null && request.graphId().startsWith("upload:")
					&& request.authorization() != null && request.authorization().contains(channel.accessToken()))
			.reduce((first, second) -> second)
			.orElseThrow();
		assertThat(upload.authorization()).isEqualTo("OAuth " + channel.accessToken());
		assertThat(upload.bytes()).isEqualTo(png);
		String handle = lastProfilePost(channel).path("profile_picture_handle").asString();
		assertThat(GRAPH.uploadedWithHandle(handle)).isNotNull();
		assertThat(image.status()).isEqualTo(302);
		assertThat(image.headers().firstValue("Location"))
			.hasValue(GRAPH.profileOf(channel.phoneNumberId()).path("profile_picture_url").asString());
	}

	@Test
	void aChannelWithoutItsOwnAppIdUploadsThroughTheConfiguredApp() {
		MetaChannel channel = newMetaChannel(false);
		int before = GRAPH.requestsFor(GLOBAL_APP_ID).size();

		Response set = setPhoto(channel, ProviderContract.png(200));

		assertThat(set.status()).as(set.toString()).isEqualTo(200);
		assertThat(GRAPH.requestsFor(GLOBAL_APP_ID)).hasSize(before + 1);
	}

	@Test
	void metaCannotRemoveAPhotoSoTheDeleteIsA400() {
		MetaChannel channel = newMetaChannel();

		Response deleted = gateway().curlData("DELETE", "/v1/settings/profile/photo", channel.apiKey(), "");

		assertThat(deleted.status()).isEqualTo(400);
		assertThat(deleted.json().at("/errors/0/details").asString()).contains("WhatsApp Manager");
	}

	@Test
	void metaRefusingAProfileChangeIsA400WithItsCodeAndNothingIsStored() {
		MetaChannel channel = newMetaChannel();
		GRAPH.answerNext("POST", channel.phoneNumberId(), FakeGraph.Answer.error(400, 100, "Invalid parameter"));

		Response refused = gateway().curlData("POST", "/v1/settings/business/profile", channel.apiKey(),
				"{\"address\":\"1 Main St\"}");

		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().at("/errors/0/code").asInt()).isEqualTo(100);
		assertThat(refused.json().at("/errors/0/details").asString()).isEqualTo("Details of 100");
		assertThat(storedProfiles(channel)).isZero();
		assertThat(GRAPH.profileOf(channel.phoneNumberId()).has("address")).isFalse();
	}

	@Test
	void anOutageOnAnAboutChangeIs503WithRetryAfterAndNothingIsStored() {
		MetaChannel channel = newMetaChannel();
		GRAPH.answerNext(channel.phoneNumberId(), FakeGraph.Answer.json(500, "<html>Internal error</html>"));

		Response unavailable = gateway().curlData("PATCH", "/v1/settings/profile/about", channel.apiKey(),
				"{\"text\":\"Open late\"}");

		assertThat(unavailable.status()).as(unavailable.toString()).isEqualTo(503);
		assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("30");
		assertThat(storedProfiles(channel)).isZero();
	}

	@Test
	void aTimeoutDuringThePhotoUploadIs503AndNoPhotoIsStoredOrShown() {
		MetaChannel channel = newMetaChannel();
		GRAPH.answerNext(channel.appId(),
				FakeGraph.Answer.json(200, "{\"id\":\"upload:late\"}").after(Duration.ofSeconds(4)));

		Response unavailable = setPhoto(channel, ProviderContract.png(200));

		assertThat(unavailable.status()).as(unavailable.toString()).isEqualTo(503);
		assertThat(unavailable.headers().firstValue("Retry-After")).isPresent();
		assertThat(storedProfiles(channel)).isZero();
		assertThat(GRAPH.profileOf(channel.phoneNumberId()).has("profile_picture_url")).isFalse();
		assertThat(gateway().get("/v1/settings/profile/photo", channel.apiKey()).status()).isEqualTo(404);
	}

	@Test
	void complianceInfoFromWhatsAppManagerIsReadAndMetasFailuresStoreNothing() {
		MetaChannel channel = newMetaChannel();
		Response none = gateway().get("/v1/settings/business/compliance_info", channel.apiKey());
		GRAPH.answerNext(channel.phoneNumberId(), FakeGraph.Answer.error(401, 190, "Error validating access token"));
		Response badToken = gateway().curlData("POST", "/v1/settings/business/compliance_info", channel.apiKey(),
				COMPLIANCE);
		GRAPH.answerNext(channel.phoneNumberId(), FakeGraph.Answer.error(400, 100, "Invalid entity"));
		Response refused = gateway().curlData("POST", "/v1/settings/business/compliance_info", channel.apiKey(),
				COMPLIANCE);
		GRAPH.answerNext(channel.phoneNumberId(), FakeGraph.Answer.json(503, "Service unavailable"));
		Response outage = gateway().get("/v1/settings/business/compliance_info", channel.apiKey());

		assertThat(none.json().get("data")).isEmpty();
		assertThat(badToken.status()).isEqualTo(502);
		assertThat(badToken.json().at("/errors/0/field").asString()).isEqualTo("credentials.access_token");
		assertThat(badToken.json().at("/errors/0/details").asString()).contains(channel.channelId());
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().at("/errors/0/code").asInt()).isEqualTo(100);
		assertThat(outage.status()).isEqualTo(503);
		assertThat(outage.headers().firstValue("Retry-After")).isPresent();
		assertThat(GRAPH.complianceInfoOf(channel.phoneNumberId())).isNull();
		assertThat(this.jdbc.sql("select count(*) from compliance_info where channel_id = ?")
			.param(channel.channelId())
			.query(Integer.class)
			.single()).isZero();
	}

	private Response setPhoto(MetaChannel channel, byte[] png) {
		return gateway().request(gateway().to("/v1/settings/profile/photo")
			.header("API-KEY", channel.apiKey())
			.header("Content-Type", "image/png")
			.POST(HttpRequest.BodyPublishers.ofByteArray(png)));
	}

	private JsonNode lastProfilePost(MetaChannel channel) {
		return GRAPH.requestsFor(channel.phoneNumberId())
			.stream()
			.filter((request) -> request.method().equals("POST")
					&& request.path().endsWith("/whatsapp_business_profile"))
			.reduce((first, second) -> second)
			.map((request) -> this.json.readTree(request.body()))
			.orElseThrow();
	}

	private int storedProfiles(MetaChannel channel) {
		return this.jdbc.sql("select count(*) from business_profiles where channel_id = ?")
			.param(channel.channelId())
			.query(Integer.class)
			.single();
	}

}
