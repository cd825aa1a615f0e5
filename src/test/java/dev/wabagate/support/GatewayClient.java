package dev.wabagate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to a gateway over real HTTP on loopback, the way a business's backend would. */
public final class GatewayClient {

	public static final String ADMIN_TOKEN = "test-admin-token";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	public GatewayClient(String base) {
		this.base = base;
	}

	public String base() {
		return this.base;
	}

	/** Creates an account with a sandbox channel. */
	public TestChannel newSandboxChannel() {
		String number = "1555" + (1_000_000 + (long) (Math.random() * 8_999_999));
		Response created = admin("POST", "/admin/v1/accounts",
				"{\"name\":\"Test business\",\"phone_number\":\"+" + number + "\",\"provider\":\"sandbox\"}");
		if (created.status() != 201) {
			throw new IllegalStateException("Could not create an account: " + created);
		}
		return new TestChannel(created.json().get("channel").get("id").asString(),
				created.json().get("account").get("id").asString(), created.json().get("api_key").asString());
	}

	/**
	 * Creates a sandbox channel whose template {@code hello} (language {@code en}, no
	 * variables) is approved, so template messages can be sent to anyone at once.
	 */
	public TestChannel newSandboxChannelWithHelloTemplate() {
		TestChannel channel = newSandboxChannel();
		Response created = curlData("POST", "/v1/configs/templates", channel.apiKey(), """
				{"name":"hello","category":"UTILITY","language":"en",
				 "components":[{"type":"BODY","text":"Hello from Wabagate."}]}""");
		if (created.status() != 201) {
			throw new IllegalStateException("Could not create the hello template: " + created);
		}
		Response approved = await("/v1/configs/templates", channel.apiKey(), (r) -> r.body().contains("\"approved\""),
				Duration.ofSeconds(30));
		if (!approved.body().contains("\"approved\"")) {
			throw new IllegalStateException("The hello template was not approved: " + approved);
		}
		return channel;
	}

	/** Plays {@code waId} writing "hi" to the channel, which opens the 24-hour window. */
	public Response customerWrites(TestChannel channel, String waId) {
		Response response = curlData("POST", "/v1/sandbox/customer-messages", channel.apiKey(),
				"{\"from\":\"" + waId + "\",\"type\":\"text\",\"text\":{\"body\":\"hi\"}}");
		if (response.status() != 201) {
			throw new IllegalStateException("The customer could not write: " + response);
		}
		return response;
	}

	public Response admin(String method, String path, String body) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Authorization", "Bearer " + ADMIN_TOKEN)
			.header("Content-Type", "application/json")
			.method(method,
					(body == null) ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
	}

	/** Sends a body the way {@code curl --data} does: as a form post. */
	public Response curlData(String method, String path, String apiKey, String body) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path))
			.header("API-KEY", apiKey)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
	}

	public Response request(HttpRequest.Builder request) {
		return send(request);
	}

	public HttpRequest.Builder to(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(30));
	}

	public Response get(String path, String apiKey) {
		return send(HttpRequest.newBuilder(URI.create(this.base + path)).header("API-KEY", apiKey).GET());
	}

	/** {@code GET path} as bytes, for media. */
	public Download download(String path, String apiKey) {
		try {
			HttpResponse<byte[]> response = this.http.send(HttpRequest.newBuilder(URI.create(this.base + path))
				.header("API-KEY", apiKey)
				.timeout(Duration.ofSeconds(30))
				.GET()
				.build(), HttpResponse.BodyHandlers.ofByteArray());
			return new Download(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
					response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Uploads raw bytes to {@code POST /v1/media} with their Content-Type. */
	public Response uploadMedia(TestChannel channel, String contentType, byte[] bytes) {
		return send(HttpRequest.newBuilder(URI.create(this.base + "/v1/media"))
			.header("API-KEY", channel.apiKey())
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
	}

	/** Polls {@code GET path} until {@code done} holds or the time is up. */
	public Response await(String path, String apiKey, Predicate<Response> done, Duration atMost) {
		long deadline = System.nanoTime() + atMost.toNanos();
		Response last = get(path, apiKey);
		while (!done.test(last) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			last = get(path, apiKey);
		}
		return last;
	}

	private Response send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = this.http.send(request.timeout(Duration.ofSeconds(30)).build(),
					HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body(), response.headers());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public record Response(int status, String body, HttpHeaders headers) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

		@Override
		public String toString() {
			return this.status + " " + this.body;
		}

	}

	public record Download(int status, String contentType, byte[] bytes) {
	}

	public record TestChannel(String channelId, String accountId, String apiKey) {
	}

}
