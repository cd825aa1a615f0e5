package dev.wabagate.upstream.meta;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ErrorCodes;

import org.springframework.stereotype.Component;

/**
 * Meta's Resumable Upload API, which takes the files Meta wants as a handle rather than a
 * media id (profile photos, template samples): {@code POST
 * /{app_id}/uploads?file_length=&file_type=} opens a session ({@code upload:...}), and
 * {@code POST /{session}} with {@code Authorization: OAuth <token>} and
 * {@code file_offset: 0} sends the whole file and answers the handle ({@code h}).
 */
@Component
class MetaResumableUploads {

	private final GraphClient graph;

	MetaResumableUploads(GraphClient graph) {
		this.graph = graph;
	}

	/**
	 * @return Meta's handle of the uploaded file
	 * @throws dev.wabagate.shared.ApiException as any management call (503 when Meta is
	 * unavailable, 502 naming the credentials, 400 with Meta's refusal)
	 */
	String upload(Channel channel, String what, String mimeType, @Nullable String fileName, byte[] content) {
		String query = "file_length=" + content.length + "&file_type=" + encode(mimeType)
				+ ((fileName != null) ? "&file_name=" + encode(fileName) : "");
		JsonNode session = this.graph.call(channel, what,
				HttpRequest.newBuilder(this.graph.uri(this.graph.appId(channel) + "/uploads?" + query))
					.POST(HttpRequest.BodyPublishers.noBody()));
		String sessionId = session.path("id").asString("");
		if (!sessionId.startsWith("upload:")) {
			throw GraphErrors.unavailable(what, ErrorCodes.CLOUD_SOMETHING_WENT_WRONG,
					"Meta opened no upload session (answered " + session + ")", null);
		}
		JsonNode uploaded = this.graph.callWithOAuthScheme(channel, what,
				HttpRequest.newBuilder(this.graph.uri(sessionId))
					.header("file_offset", "0")
					.POST(HttpRequest.BodyPublishers.ofByteArray(content)));
		String handle = uploaded.path("h").asString("");
		if (handle.isBlank()) {
			throw GraphErrors.unavailable(what, ErrorCodes.CLOUD_SOMETHING_WENT_WRONG,
					"Meta's upload answer held no handle", null);
		}
		return handle;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
