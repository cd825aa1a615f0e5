package dev.wabagate.upstream.meta;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ErrorCodes;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The Graph API's management calls for a channel (everything but sending): with the
 * channel's token, Meta's errors classified by {@link GraphErrors#failure}, and network
 * trouble answered as 503. Sending keeps its own outcomes in {@link MetaCloudProvider}.
 */
@Component
class GraphClient {

	private final AccountService accounts;

	private final MetaProperties properties;

	private final JsonMapper json;

	private final HttpClient http;

	GraphClient(AccountService accounts, MetaProperties properties, JsonMapper json) {
		this.accounts = accounts;
		this.properties = properties;
		this.json = json;
		this.http = HttpClient.newBuilder()
			.connectTimeout(properties.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	HttpClient http() {
		return this.http;
	}

	/** {@code {graph-base-url}/{api-version}/{path}}; {@code path} may carry a query. */
	URI uri(String path) {
		String base = this.properties.graphBaseUrl().toString().replaceAll("/+$", "");
		return URI.create(base + "/" + this.properties.apiVersion() + "/" + path);
	}

	/** The channel's access token; a channel without one cannot call Meta. */
	String token(Channel channel) {
		String token = this.accounts.credentialsOf(channel.id()).get("access_token");
		if (token == null || token.isBlank()) {
			String details = "Channel " + channel.id() + " has no credentials.access_token for Meta";
			throw new ApiException(HttpStatus.BAD_GATEWAY, "provider-credentials", details, List.of(new ApiError(190,
					"Channel credentials missing", details, "credentials.access_token", "required", null)));
		}
		return token;
	}

	/**
	 * The Meta app the channel's token belongs to: its own {@code credentials.app_id},
	 * else {@code wabagate.meta.app-id}. Only the Resumable Upload API asks for it.
	 */
	String appId(Channel channel) {
		String own = this.accounts.credentialsOf(channel.id()).get("app_id");
		String appId = (own != null && !own.isBlank()) ? own : this.properties.appId();
		if (appId == null || appId.isBlank()) {
			String details = "Channel " + channel.id() + " has no credentials.app_id (nor is wabagate.meta.app-id "
					+ "set): Meta's Resumable Upload API, which takes profile photos and template samples, needs "
					+ "the id of the Meta app its token belongs to";
			throw new ApiException(HttpStatus.BAD_GATEWAY, "provider-credentials", details,
					List.of(new ApiError(ErrorCodes.PARAMETER_VALUE_INVALID, "Channel credentials missing", details,
							"credentials.app_id", "required", null)));
		}
		return appId.strip();
	}

	/**
	 * A Graph request with the channel's token: Meta's JSON answer, or the classified
	 * failure.
	 */
	JsonNode call(Channel channel, String what, HttpRequest.Builder request) {
		return call(channel, what, request, "Bearer ");
	}

	/**
	 * A request of the Resumable Upload API's second step, which Meta authorises as
	 * {@code OAuth <token>}.
	 */
	JsonNode callWithOAuthScheme(Channel channel, String what, HttpRequest.Builder request) {
		return call(channel, what, request, "OAuth ");
	}

	private JsonNode call(Channel channel, String what, HttpRequest.Builder request, String scheme) {
		HttpResponse<String> response = send(what,
				request.timeout(this.properties.requestTimeout()).header("Authorization", scheme + token(channel)),
				HttpResponse.BodyHandlers.ofString());
		JsonNode body = parse(response.body());
		if (response.statusCode() / 100 != 2) {
			throw GraphErrors.failure(channel, what, response.statusCode(), body, retryAfter(response));
		}
		return (body != null) ? body : this.json.createObjectNode();
	}

	JsonNode get(Channel channel, String what, String path) {
		return call(channel, what, HttpRequest.newBuilder(uri(path)).GET());
	}

	JsonNode postJson(Channel channel, String what, String path, JsonNode body) {
		return call(channel, what,
				HttpRequest.newBuilder(uri(path))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(this.json.writeValueAsString(body))));
	}

	/**
	 * Fetches a media URL Meta gave (it needs the token too), reading at most
	 * {@code maxBytes}.
	 * @throws ApiException 503 when Meta cannot be reached, 413 when the file is larger
	 */
	byte[] download(Channel channel, URI url, long maxBytes, Duration timeout) {
		HttpRequest.Builder request = HttpRequest.newBuilder(url)
			.timeout(timeout)
			.header("Authorization", "Bearer " + token(channel))
			.GET();
		HttpResponse<InputStream> response = send("the media download", request,
				HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream in = response.body()) {
			if (response.statusCode() / 100 != 2) {
				throw GraphErrors.failure(channel, "the media download", response.statusCode(),
						parse(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8)), retryAfter(response));
			}
			byte[] content = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
			if (content.length > maxBytes) {
				throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "validation",
						"The customer's file is larger than " + maxBytes + " bytes",
						List.of(new ApiError(ErrorCodes.PARAMETER_VALUE_INVALID, "Media file too large",
								"The customer's file is larger than " + maxBytes + " bytes", null, "max_size",
								maxBytes)));
			}
			return content;
		}
		catch (IOException ex) {
			throw GraphErrors.unavailable("the media download", ErrorCodes.CLOUD_SOMETHING_WENT_WRONG,
					"The media download broke off: " + ex.getMessage(), null);
		}
	}

	private <T> HttpResponse<T> send(String what, HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
		try {
			return this.http.send(request.build(), handler);
		}
		catch (HttpTimeoutException ex) {
			throw GraphErrors.unavailable(what, ErrorCodes.CLOUD_SOMETHING_WENT_WRONG,
					"No answer from Meta within " + this.properties.requestTimeout(), null);
		}
		catch (IOException ex) {
			throw GraphErrors.unavailable(what, ErrorCodes.CLOUD_SOMETHING_WENT_WRONG, "Could not reach Meta: " + ex,
					null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw GraphErrors.unavailable(what, ErrorCodes.CLOUD_SOMETHING_WENT_WRONG, "Interrupted", null);
		}
	}

	@Nullable JsonNode parse(String body) {
		try {
			return this.json.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** Meta sends seconds; an HTTP date is rare enough to ignore. */
	static @Nullable Duration retryAfter(HttpResponse<?> response) {
		return response.headers()
			.firstValue("Retry-After")
			.filter((value) -> value.strip().matches("\\d{1,6}"))
			.map((value) -> Duration.ofSeconds(Long.parseLong(value.strip())))
			.orElse(null);
	}

}
