package dev.wabagate.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Hidden;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.wabagate.crm.CustomFields;
import dev.wabagate.crm.InboxChats;
import dev.wabagate.media.MediaStore;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.JsonBody;
import dev.wabagate.users.SignedInUser;

import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The inbox page's JSON and event stream. Signed-in session and CSRF token required
 * (Spring Security, see the users module); not part of the business API.
 */
@Hidden
@RestController
@RequestMapping("/ui/api/inbox")
class InboxApiController {

	private final Inbox inbox;

	private final InboxLiveUpdates liveUpdates;

	InboxApiController(Inbox inbox, InboxLiveUpdates liveUpdates) {
		this.inbox = inbox;
		this.liveUpdates = liveUpdates;
	}

	@GetMapping("/chats")
	Map<String, Object> chats(@AuthenticationPrincipal SignedInUser user,
			@RequestParam(required = false) @Nullable String state,
			@RequestParam(defaultValue = "anyone") String assignee,
			@RequestParam(required = false) @Nullable String q) {
		InboxChats.Filter filter = new InboxChats.Filter(stateFilter(state), assignee(assignee), q);
		return Map.of("chats", this.inbox.chats(user, filter), "agents", this.inbox.agents(user));
	}

	@GetMapping("/chats/{chatId}")
	Inbox.Conversation conversation(@AuthenticationPrincipal SignedInUser user, @PathVariable String chatId) {
		return this.inbox.conversation(user, chatId);
	}

	@PostMapping("/chats/{chatId}/read")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void read(@AuthenticationPrincipal SignedInUser user, @PathVariable String chatId) {
		this.inbox.markRead(user, chatId);
	}

	@PostMapping("/chats/{chatId}/messages")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> send(@AuthenticationPrincipal SignedInUser user, @PathVariable String chatId, JsonBody body,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
		JsonNode text = body.json().get("text");
		if (text == null || !text.isString() || text.asString().isBlank()) {
			throw ApiException.missing("text");
		}
		return Map.of("id", this.inbox.sendText(user, chatId, text.asString(), idempotencyKey));
	}

	@PostMapping("/chats/{chatId}/templates")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> sendTemplate(@AuthenticationPrincipal SignedInUser user, @PathVariable String chatId,
			JsonBody body, @RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey) {
		JsonNode json = body.json();
		String name = json.path("name").asString("");
		String language = json.path("language").asString("");
		if (name.isBlank()) {
			throw ApiException.missing("name");
		}
		if (language.isBlank()) {
			throw ApiException.missing("language");
		}
		return Map.of("id", this.inbox.sendTemplate(user, chatId, name, language, texts(json, "header_values"),
				texts(json, "body_values"), idempotencyKey));
	}

	@PostMapping(path = "/chats/{chatId}/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> sendAttachment(@AuthenticationPrincipal SignedInUser user, @PathVariable String chatId,
			@RequestParam("file") MultipartFile file, @RequestParam(required = false) @Nullable String caption,
			@RequestHeader(name = "Idempotency-Key", required = false) @Nullable String idempotencyKey)
			throws IOException {
		if (file.isEmpty() || file.getContentType() == null) {
			throw ApiException.missing("file");
		}
		MediaType type = MediaType.parseMediaType(file.getContentType());
		try (InputStream content = file.getInputStream()) {
			return Map.of("id", this.inbox.sendAttachment(user, chatId, type.getType() + "/" + type.getSubtype(),
					file.getOriginalFilename(), content, caption, idempotencyKey));
		}
	}

	@GetMapping("/media/{mediaId}")
	ResponseEntity<byte[]> media(@AuthenticationPrincipal SignedInUser user, @PathVariable String mediaId) {
		MediaStore.StoredMedia file = this.inbox.media(user, mediaId);
		MediaType type = MediaType.parseMediaType(file.mimeType());
		boolean shownInline = List.of("image", "video", "audio").contains(type.getType());
		ContentDisposition disposition = (shownInline ? ContentDisposition.inline() : ContentDisposition.attachment())
			.filename((file.filename() != null) ? file.filename() : file.id())
			.build();
		return ResponseEntity.ok()
			.contentType(type)
			.header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
			// A customer's file is never a page of ours: no scripts, no plugins, whatever
			// it holds.
			.header("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; media-src 'self'")
			.cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
			.body(file.content());
	}

	@PostMapping("/quick-replies")
	@ResponseStatus(HttpStatus.CREATED)
	QuickReplies.QuickReply addQuickReply(@AuthenticationPrincipal SignedInUser user, JsonBody body) {
		return this.inbox.addQuickReply(user, body.json().path("title").asString(""),
				body.json().path("body").asString(""));
	}

	@DeleteMapping("/quick-replies/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void deleteQuickReply(@AuthenticationPrincipal SignedInUser user, @PathVariable String id) {
		this.inbox.deleteQuickReply(user, id);
	}

	@PutMapping("/chats/{chatId}/assignee")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void assign(@AuthenticationPrincipal SignedInUser user, @PathVariable String chatId, JsonBody body) {
		JsonNode assignee = body.json().get("user_id");
		this.inbox.assign(user, chatId, (assignee != null && assignee.isString() && !assignee.asString().isBlank())
				? assignee.asString() : null);
	}

	@PutMapping("/chats/{chatId}/state")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void state(@AuthenticationPrincipal SignedInUser user, @PathVariable String chatId, JsonBody body) {
		this.inbox.setState(user, chatId, body.json().path("state").asString(""));
	}

	@PutMapping("/chats/{chatId}/fields/{fieldId}")
	List<CustomFields.FieldValue> setField(@AuthenticationPrincipal SignedInUser user, @PathVariable String chatId,
			@PathVariable String fieldId, JsonBody body) {
		JsonNode value = body.json().get("value");
		if (value == null || !value.isValueNode() || value.isNull()) {
			throw ApiException.missing("value");
		}
		return this.inbox.setField(user, chatId, fieldId, value.asString());
	}

	@GetMapping(path = "/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter events(@AuthenticationPrincipal SignedInUser user,
			@RequestParam(name = "chat", required = false) @Nullable String chatId) {
		return this.liveUpdates.subscribe(this.inbox.channelIds(user),
				(chatId != null) ? this.inbox.requireChat(user, chatId) : null);
	}

	private static List<String> texts(JsonNode json, String field) {
		JsonNode values = json.path(field);
		if (values.isMissingNode() || values.isNull()) {
			return List.of();
		}
		if (!values.isArray()) {
			throw ApiException.invalid(field, "type", "array", field + " must be an array of texts");
		}
		return values.valueStream().map((value) -> value.asString("")).toList();
	}

	private static @Nullable String stateFilter(@Nullable String state) {
		if (state == null || state.isBlank() || "all".equals(state)) {
			return null;
		}
		if (!List.of(InboxChats.OPEN, InboxChats.CLOSED).contains(state)) {
			throw ApiException.invalid("state", "one_of", List.of("open", "closed", "all"),
					"state must be open, closed or all");
		}
		return state;
	}

	private static InboxChats.Assignee assignee(String assignee) {
		return switch (assignee) {
			case "anyone" -> InboxChats.Assignee.ANYONE;
			case "me" -> InboxChats.Assignee.ME;
			case "unassigned" -> InboxChats.Assignee.UNASSIGNED;
			default -> throw ApiException.invalid("assignee", "one_of", List.of("anyone", "me", "unassigned"),
					"assignee must be anyone, me or unassigned");
		};
	}

}
