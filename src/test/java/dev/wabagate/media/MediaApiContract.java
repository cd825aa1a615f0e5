package dev.wabagate.media;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.wabagate.support.GatewayClient;
import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;

import static org.assertj.core.api.Assertions.assertThat;

/** What /v1/media promises, run against each database. */
interface MediaApiContract {

	GatewayClient gateway();

	byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R' };

	default Response upload(TestChannel channel, String contentType, byte[] bytes) {
		return gateway().request(gateway().to("/v1/media")
			.header("API-KEY", channel.apiKey())
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
	}

	default String uploadedId(TestChannel channel) {
		Response uploaded = upload(channel, "image/png", PNG);
		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
		return uploaded.json().get("media").get(0).get("id").asString();
	}

	@Test
	default void rawBytesUploadAndComeBackByTheSeedsLegacyPath() {
		TestChannel channel = gateway().newSandboxChannel();
		String id = uploadedId(channel);

		Response seed = gateway().get("/v1/media.php?id=" + id, channel.apiKey());
		Response onPrem = gateway().get("/v1/media/" + id, channel.apiKey());

		assertThat(id).startsWith("media_");
		assertThat(seed.status()).isEqualTo(200);
		assertThat(seed.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(seed.body().getBytes(StandardCharsets.ISO_8859_1).length).isEqualTo(PNG.length);
		assertThat(onPrem.status()).isEqualTo(200);
	}

	@Test
	default void aMultipartFileUploadsAsInTheCloudApi() {
		TestChannel channel = gateway().newSandboxChannel();
		String boundary = "wabagate-test-boundary";
		String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\n"
				+ "whatsapp\r\n--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\n"
				+ "Content-Type: text/plain\r\n\r\nhello media\r\n--" + boundary + "--\r\n";

		Response uploaded = upload(channel, "multipart/form-data; boundary=" + boundary,
				multipart.getBytes(StandardCharsets.UTF_8));
		String id = uploaded.json().get("id").asString();
		Response download = gateway().get("/v1/media/" + id, channel.apiKey());

		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
		assertThat(uploaded.json().get("media").get(0).get("id").asString()).isEqualTo(id);
		assertThat(download.body()).isEqualTo("hello media");
		assertThat(download.headers().firstValue("Content-Type")).hasValueSatisfying((t) -> t.startsWith("text/plain"));
		assertThat(download.headers().firstValue("Content-Disposition"))
			.hasValueSatisfying((d) -> d.contains("notes.txt"));
	}

	@Test
	default void theSeedsDeleteRemovesTheMedia() {
		TestChannel channel = gateway().newSandboxChannel();
		String id = uploadedId(channel);

		Response deleted = gateway().curlData("DELETE", "/v1/media.php?id=" + id, channel.apiKey(), "");

		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.json().get("meta").get("success").asBoolean()).isTrue();
		assertThat(gateway().get("/v1/media/" + id, channel.apiKey()).status()).isEqualTo(404);
		assertThat(gateway().curlData("DELETE", "/v1/media/" + id, channel.apiKey(), "").status()).isEqualTo(404);
	}

	@Test
	default void anotherChannelsMediaDoesNotExistForTheCaller() {
		TestChannel owner = gateway().newSandboxChannel();
		TestChannel stranger = gateway().newSandboxChannel();
		String id = uploadedId(owner);

		assertThat(gateway().get("/v1/media.php?id=" + id, stranger.apiKey()).status()).isEqualTo(404);
		assertThat(gateway().curlData("DELETE", "/v1/media/" + id, stranger.apiKey(), "").status()).isEqualTo(404);
		assertThat(gateway().get("/v1/media/" + id, owner.apiKey()).status()).isEqualTo(200);
	}

	@Test
	default void unsupportedTypesEmptyBodiesAndOversizedImagesAreRefused() {
		TestChannel channel = gateway().newSandboxChannel();

		Response form = upload(channel, "application/x-www-form-urlencoded", PNG);
		Response empty = upload(channel, "image/png", new byte[0]);
		Response tooLarge = upload(channel, "image/jpeg", new byte[5 * 1024 * 1024 + 1]);

		assertThat(form.status()).isEqualTo(400);
		assertThat(form.json().get("errors").get(0).get("field").asString()).isEqualTo("Content-Type");
		assertThat(empty.status()).isEqualTo(400);
		assertThat(tooLarge.status()).isEqualTo(413);
		assertThat(tooLarge.json().get("errors").get(0).get("limit").asLong()).isEqualTo(5 * 1024 * 1024);
	}

}
