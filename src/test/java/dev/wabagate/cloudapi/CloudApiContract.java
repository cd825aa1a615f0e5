package dev.wabagate.cloudapi;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.wabagate.support.GatewayClient;
import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;

import static org.assertj.core.api.Assertions.assertThat;

/** What the Cloud API dialect promises, over real HTTP, run against each database. */
interface CloudApiContract {

	GatewayClient gateway();

	byte[] PNG = { (byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R' };

	/** A sandbox channel with its Graph ids. */
	record Graph(TestChannel channel, String phoneNumberId, String wabaId) {
	}

	default Graph newGraph() {
		TestChannel channel = gateway().newSandboxChannelWithHelloTemplate();
		JsonNode number = gateway().get("/v1/configs/phone_number", channel.apiKey()).json();
		return new Graph(channel, number.get("phone_number_id").asString(), number.get("waba_id").asString());
	}

	default Response call(String method, String path, String token, String json) {
		HttpRequest.Builder request = gateway().to(path).header("Authorization", "Bearer " + token);
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		return gateway().request(request.method(method, (json == null || json.isEmpty())
				? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
	}

	default Response upload(Graph graph, String multipartBody, String boundary, String query) {
		return gateway().request(gateway().to("/v23.0/" + graph.phoneNumberId() + "/media" + query)
			.header("Authorization", "Bearer " + graph.channel().apiKey())
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofString(multipartBody, StandardCharsets.ISO_8859_1)));
	}

	static void assertGraphError(Response response, int status, int code) {
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		JsonNode error = response.json().get("error");
		assertThat(error.get("code").asInt()).as(response.toString()).isEqualTo(code);
		assertThat(error.get("type").asString()).isNotBlank();
		assertThat(error.get("message").asString()).isNotBlank();
		assertThat(error.get("fbtrace_id").asString()).isNotBlank();
	}

	@Test
	default void aTextIsSentOnTheGraphPathWithOrWithoutAVersionAndAnswersTheCloudShape() {
		Graph graph = newGraph();
		gateway().customerWrites(graph.channel(), "919999999999");
		String text = """
				{"messaging_product":"whatsapp","recipient_type":"individual","to":"919999999999",
				 "type":"text","text":{"body":"Hello"}}""";

		Response versioned = call("POST", "/v24.0/" + graph.phoneNumberId() + "/messages", graph.channel().apiKey(),
				text);
		Response bare = call("POST", "/" + graph.phoneNumberId() + "/messages", graph.channel().apiKey(), text);
		Response d360 = gateway().request(gateway().to("/v17.0/" + graph.phoneNumberId() + "/messages")
			.header("D360-API-KEY", graph.channel().apiKey())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(text)));

		for (Response response : new Response[] { versioned, bare, d360 }) {
			assertThat(response.status()).as(response.toString()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
			assertThat(response.json().get("messaging_product").asString()).isEqualTo("whatsapp");
			assertThat(response.json().get("contacts").get(0).get("wa_id").asString()).isEqualTo("919999999999");
			assertThat(response.json().get("contacts").get(0).get("input").asString()).isEqualTo("919999999999");
			assertThat(response.json().get("messages").get(0).get("id").asString()).startsWith("msg_");
			assertThat(response.json().has("meta")).isFalse();
		}
		String id = versioned.json().get("messages").get(0).get("id").asString();
		Response stored = gateway().await("/v1/messages/" + id, graph.channel().apiKey(),
				(r) -> r.body().contains("\"read\""), Duration.ofSeconds(20));
		assertThat(stored.json().get("status").asString()).isEqualTo("read");
	}

	@Test
	default void theMessagesPathMarksACustomersMessageReadWithATypingIndicator() {
		Graph graph = newGraph();
		String wamid = gateway().customerWrites(graph.channel(), "919999999999")
			.json()
			.get("messages")
			.get(0)
			.get("id")
			.asString();
		String path = "/v23.0/" + graph.phoneNumberId() + "/messages";

		Response read = call("POST", path, graph.channel().apiKey(), """
				{"messaging_product":"whatsapp","status":"read","message_id":"%s",
				 "typing_indicator":{"type":"text"}}""".formatted(wamid));

		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.json().get("success").asBoolean()).isTrue();
		assertGraphError(
				call("POST", path, graph.channel().apiKey(),
						"{\"messaging_product\":\"whatsapp\",\"status\":\"read\",\"message_id\":\"wamid.unknown\"}"),
				404, 100);
		assertGraphError(call("POST", path, graph.channel().apiKey(),
				"{\"messaging_product\":\"whatsapp\",\"status\":\"read\"}"), 400, 131008);
	}

	@Test
	default void errorsAreMetasShapeWithCloudCodesAndJsonContentType() {
		Graph graph = newGraph();
		String path = "/v23.0/" + graph.phoneNumberId() + "/messages";

		assertGraphError(call("POST", path, "wbg_wrong_key", "{}"), 401, 190);
		assertGraphError(gateway().request(gateway().to(path).POST(HttpRequest.BodyPublishers.noBody())), 401, 190);
		Response invalid = call("POST", path, graph.channel().apiKey(), """
				{"messaging_product":"whatsapp","to":"919999999999","type":"text","text":{"body":""}}""");
		assertGraphError(invalid, 400, 131009);
		assertThat(invalid.json().get("error").get("error_data").get("messaging_product").asString())
			.isEqualTo("whatsapp");
		assertThat(invalid.json().get("error").get("error_data").get("details").asString()).contains("text.body");
		assertGraphError(call("POST", path, graph.channel().apiKey(), """
				{"messaging_product":"whatsapp","to":"919999999999","type":"template",
				 "template":{"name":"no_such_template","language":{"code":"en"}}}"""), 400, 132001);
		assertGraphError(call("POST", path, graph.channel().apiKey(), """
				{"messaging_product":"whatsapp","to":"919999999999","type":"text","text":{"body":"x"}"""), 400, 100);
		assertGraphError(call("POST", path, graph.channel().apiKey(), ""), 400, 131008);
	}

	@Test
	default void anotherChannelsIdsAreUnknownObjects() {
		Graph mine = newGraph();
		Graph theirs = newGraph();
		String key = mine.channel().apiKey();

		Response message = call("POST", "/v23.0/" + theirs.phoneNumberId() + "/messages", key, """
				{"messaging_product":"whatsapp","to":"919999999999","type":"text","text":{"body":"x"}}""");
		assertGraphError(message, 404, 100);
		assertThat(message.json().get("error").get("error_subcode").asInt()).isEqualTo(33);
		assertGraphError(call("GET", "/v23.0/" + theirs.phoneNumberId(), key, null), 404, 100);
		assertGraphError(call("GET", "/v23.0/" + theirs.wabaId() + "/message_templates", key, null), 404, 100);
		assertGraphError(call("GET", "/" + theirs.phoneNumberId() + "/whatsapp_business_profile", key, null), 404, 100);
	}

	@Test
	default void frameworkErrorsOnGraphPathsAreMetasShapeToo() {
		Graph graph = newGraph();
		String key = graph.channel().apiKey();

		assertGraphError(call("PUT", "/" + graph.phoneNumberId() + "/messages", key, "{}"), 405, 100);
		assertGraphError(call("GET", "/v23.0/" + graph.phoneNumberId() + "/no_such_edge", key, null), 404, 2500);
		assertGraphError(call("POST", "/v23.0/" + graph.phoneNumberId() + "/media", key, "{}"), 415, 100);
		String boundary = "b";
		String tooLarge = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.png\""
				+ "\r\nContent-Type: image/png\r\n\r\n" + "x".repeat(5 * 1024 * 1024 + 1) + "\r\n--" + boundary
				+ "--\r\n";
		assertGraphError(upload(graph, tooLarge, boundary, ""), 413, 131009);
	}

	@Test
	default void getAndDeleteWithAJsonContentTypeAndNoBodyAreFine() {
		Graph graph = newGraph();

		Response profile = call("GET", "/v23.0/" + graph.phoneNumberId() + "/whatsapp_business_profile",
				graph.channel().apiKey(), "");
		Response number = call("GET", "/v23.0/" + graph.phoneNumberId(), graph.channel().apiKey(), "");

		assertThat(profile.status()).as(profile.toString()).isEqualTo(200);
		assertThat(number.status()).as(number.toString()).isEqualTo(200);
		assertThat(number.json().get("id").asString()).isEqualTo(graph.phoneNumberId());
		assertThat(number.json().get("display_phone_number").asString()).startsWith("+1555");
	}

	@Test
	default void mediaUploadsLooksUpDownloadsBySignedUrlWithoutAKeyAndDeletes() throws Exception {
		Graph graph = newGraph();
		String boundary = "wabagate-boundary";
		String fileOnly = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"blob\"\r\n"
				+ "Content-Type: image/png\r\n\r\n" + new String(PNG, StandardCharsets.ISO_8859_1) + "\r\n--" + boundary
				+ "--\r\n";
		String typedFields = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"messaging_product\"\r\n\r\n"
				+ "whatsapp\r\n--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nimage/png\r\n--" + boundary
				+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n" + new String(PNG, StandardCharsets.ISO_8859_1)
				+ "\r\n--" + boundary + "--\r\n";

		Response byPartType = upload(graph, fileOnly, boundary, "?messaging_product=whatsapp");
		Response byField = upload(graph, typedFields, boundary, "");
		assertThat(byPartType.status()).as(byPartType.toString()).isEqualTo(200);
		assertThat(byField.status()).as(byField.toString()).isEqualTo(200);
		String id = byField.json().get("id").asString();

		Response lookup = call("GET", "/v23.0/" + id + "?phone_number_id=" + graph.phoneNumberId(),
				graph.channel().apiKey(), null);
		assertThat(lookup.status()).as(lookup.toString()).isEqualTo(200);
		assertThat(lookup.json().get("messaging_product").asString()).isEqualTo("whatsapp");
		assertThat(lookup.json().get("mime_type").asString()).isEqualTo("image/png");
		assertThat(lookup.json().get("file_size").asLong()).isEqualTo(PNG.length);
		assertThat(lookup.json().get("sha256").asString()).hasSize(64);
		assertThat(lookup.json().get("id").asString()).isEqualTo(id);
		String url = lookup.json().get("url").asString();
		assertThat(url).startsWith("http://127.0.0.1:");

		HttpResponse<byte[]> anonymous = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
		HttpResponse<byte[]> withBearer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url))
				.header("Authorization", "Bearer " + graph.channel().apiKey())
				.build(), HttpResponse.BodyHandlers.ofByteArray());
		HttpResponse<String> tampered = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(url.replace("signature=", "signature=0"))).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(anonymous.statusCode()).isEqualTo(200);
		assertThat(anonymous.body()).isEqualTo(PNG);
		assertThat(withBearer.body()).isEqualTo(PNG);
		assertThat(tampered.statusCode()).isEqualTo(403);
		assertThat(tampered.body()).contains("\"error\"");

		Response deleted = call("DELETE", "/v23.0/" + id, graph.channel().apiKey(), "");
		assertThat(deleted.json().get("success").asBoolean()).as(deleted.toString()).isTrue();
		assertGraphError(call("GET", "/v23.0/" + id, graph.channel().apiKey(), null), 404, 100);
		assertGraphError(call("DELETE", "/v23.0/" + id, graph.channel().apiKey(), null), 404, 100);
	}

	@Test
	default void templatesAreListedFilteredPagedCreatedFetchedAndDeleted() {
		Graph graph = newGraph();
		String key = graph.channel().apiKey();
		String edge = "/v23.0/" + graph.wabaId() + "/message_templates";
		for (String name : new String[] { "order_update", "order_shipped" }) {
			Response created = call("POST", edge, key, """
					{"name":"%s","category":"UTILITY","language":"en_US",
					 "components":[{"type":"BODY","text":"Your order is on its way."}]}""".formatted(name));
			assertThat(created.status()).as(created.toString()).isEqualTo(200);
			assertThat(created.json().get("id").asString()).startsWith("tpl_");
			assertThat(created.json().get("status").asString()).isIn("PENDING", "APPROVED");
			assertThat(created.json().get("category").asString()).isEqualTo("UTILITY");
		}

		Response firstPage = call("GET", edge + "?limit=2", key, null);
		assertThat(firstPage.json().get("data")).hasSize(2);
		String after = firstPage.json().get("paging").get("cursors").get("after").asString();
		assertThat(firstPage.json().get("paging").get("next").asString()).contains("after=" + after);
		Response secondPage = call("GET", edge + "?limit=2&after=" + after, key, null);
		assertThat(secondPage.json().get("data")).hasSize(1);
		assertThat(secondPage.json().get("paging").has("next")).isFalse();
		Response byName = call("GET", edge + "?name=order_update&language=en_US", key, null);
		assertThat(byName.json().get("data")).hasSize(1);
		String id = byName.json().get("data").get(0).get("id").asString();
		assertThat(call("GET", edge + "?category=MARKETING", key, null).json().get("data")).isEmpty();
		assertThat(call("GET", edge + "/" + id, key, null).json().get("name").asString()).isEqualTo("order_update");
		assertThat(call("GET", "/v23.0/" + id, key, null).json().get("name").asString()).isEqualTo("order_update");
		assertGraphError(call("GET", edge + "?after=not-a-cursor", key, null), 400, 131009);

		Response deleted = call("DELETE", edge + "?name=order_update&hsm_id=" + id, key, "");
		assertThat(deleted.json().get("success").asBoolean()).as(deleted.toString()).isTrue();
		assertThat(call("GET", edge, key, null).json().get("data")).hasSize(2);
		assertGraphError(call("DELETE", edge + "?name=order_update", key, null), 404, 100);
	}

	@Test
	default void businessProfileReadsTheChosenFieldsAndUpdates() {
		Graph graph = newGraph();
		String key = graph.channel().apiKey();
		String edge = "/v23.0/" + graph.phoneNumberId() + "/whatsapp_business_profile";

		Response updated = call("POST", edge, key, """
				{"messaging_product":"whatsapp","about":"Fresh bread","email":"shop@example.com",
				 "websites":["https://example.com"]}""");
		Response chosen = call("GET", edge + "?fields=about,email", key, null);
		Response all = call("GET", edge, key, null);

		assertThat(updated.json().get("success").asBoolean()).as(updated.toString()).isTrue();
		JsonNode profile = chosen.json().get("data").get(0);
		assertThat(profile.get("about").asString()).isEqualTo("Fresh bread");
		assertThat(profile.get("email").asString()).isEqualTo("shop@example.com");
		assertThat(profile.has("websites")).isFalse();
		assertThat(all.json().get("data").get(0).get("websites").get(0).asString()).isEqualTo("https://example.com");
		assertThat(all.json().get("data").get(0).get("messaging_product").asString()).isEqualTo("whatsapp");
		assertGraphError(call("GET", edge + "?fields=nonsense", key, null), 400, 131009);
		assertGraphError(call("POST", edge, key, "{\"email\":\"not an email\"}"), 400, 131009);
	}

	@Test
	default void phoneNumbersAreListedAndRegistrationIsSimulatedOnTheSandbox() {
		Graph graph = newGraph();
		String key = graph.channel().apiKey();
		String number = "/v23.0/" + graph.phoneNumberId();

		Response list = call("GET", "/v23.0/" + graph.wabaId() + "/phone_numbers", key, null);
		assertThat(list.json().get("data").get(0).get("id").asString()).isEqualTo(graph.phoneNumberId());
		assertThat(call("POST", number + "/register", key, "{\"messaging_product\":\"whatsapp\",\"pin\":\"123456\"}")
			.json()
			.get("success")
			.asBoolean()).isTrue();
		assertThat(call("POST", number + "/request_code?code_method=SMS&language=en_US", key, "").json()
			.get("success")
			.asBoolean()).isTrue();
		assertThat(
				call("POST", number + "/verify_code", key, "{\"code\":\"123456\"}").json().get("success").asBoolean())
			.isTrue();
		assertThat(call("POST", number + "/deregister", key, "").json().get("success").asBoolean()).isTrue();
		assertThat(call("POST", number, key, "{\"pin\":\"654321\"}").json().get("success").asBoolean()).isTrue();
		assertGraphError(call("POST", number + "/register", key, "{\"pin\":\"12\"}"), 400, 131009);
		assertGraphError(call("POST", number + "/request_code", key, "{\"code_method\":\"FAX\"}"), 400, 131009);
	}

}
