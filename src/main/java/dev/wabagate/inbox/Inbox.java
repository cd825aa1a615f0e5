package dev.wabagate.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.Channel;
import dev.wabagate.crm.CustomFields;
import dev.wabagate.crm.CustomerMessages;
import dev.wabagate.crm.InboxChats;
import dev.wabagate.crm.InboxChats.InboxChat;
import dev.wabagate.media.MediaStore;
import dev.wabagate.messaging.MessageQueries;
import dev.wabagate.messaging.MessageService;
import dev.wabagate.messaging.ReadReceipts;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.ErrorCodes;
import dev.wabagate.templates.TemplatePicker;
import dev.wabagate.users.SignedInUser;
import dev.wabagate.users.User;
import dev.wabagate.users.Users;

import org.springframework.stereotype.Service;

/**
 * What an agent does in the inbox. Every use case starts from the signed-in user's
 * account: a chat of another account is not found.
 */
@Service
class Inbox {

	static final int LIST_LIMIT = 200;

	static final int HISTORY_LIMIT = 200;

	private final AccountService accounts;

	private final InboxChats chats;

	private final CustomerMessages customerMessages;

	private final MessageQueries messages;

	private final MessageService sender;

	private final CustomFields customFields;

	private final Users users;

	private final JsonMapper json;

	private final ReadReceipts readReceipts;

	private final TemplatePicker templates;

	private final MediaStore media;

	private final QuickReplies quickReplies;

	Inbox(AccountService accounts, InboxChats chats, CustomerMessages customerMessages, MessageQueries messages,
			MessageService sender, CustomFields customFields, Users users, JsonMapper json, ReadReceipts readReceipts,
			TemplatePicker templates, MediaStore media, QuickReplies quickReplies) {
		this.readReceipts = readReceipts;
		this.templates = templates;
		this.media = media;
		this.quickReplies = quickReplies;
		this.accounts = accounts;
		this.chats = chats;
		this.customerMessages = customerMessages;
		this.messages = messages;
		this.sender = sender;
		this.customFields = customFields;
		this.users = users;
		this.json = json;
	}

	/** A line of the chat list. */
	record ChatSummary(String id, String channelId, String channelNumber, String waId, @Nullable String profileName,
			String state, @Nullable String assignedUserId, int unread, Instant lastActivityAt,
			@Nullable Instant windowClosesAt) {
	}

	/** The most recently active chats first, counting the business's messages too. */
	List<ChatSummary> chats(SignedInUser user, InboxChats.Filter filter) {
		List<Channel> channels = channelsOf(user);
		List<InboxChat> found = this.chats.list(ids(channels), user.id(), filter, LIST_LIMIT);
		Map<String, Channel> byId = channels.stream().collect(Collectors.toMap(Channel::id, (channel) -> channel));
		Map<String, List<InboxChat>> byChannel = found.stream().collect(Collectors.groupingBy(InboxChat::channelId));
		List<ChatSummary> summaries = new ArrayList<>();
		byChannel.forEach((channelId, chatsOfChannel) -> {
			Map<String, Instant> lastSent = this.messages.lastSentAt(channelId,
					chatsOfChannel.stream().map(InboxChat::waId).toList());
			for (InboxChat chat : chatsOfChannel) {
				summaries.add(summary(chat, byId.get(channelId), lastSent.get(chat.waId())));
			}
		});
		summaries.sort(Comparator.comparing(ChatSummary::lastActivityAt).reversed().thenComparing(ChatSummary::id));
		return summaries;
	}

	private static ChatSummary summary(InboxChat chat, Channel channel, @Nullable Instant lastSent) {
		Instant activity = (chat.lastInboundAt() != null) ? chat.lastInboundAt() : chat.createdAt();
		if (lastSent != null && lastSent.isAfter(activity)) {
			activity = lastSent;
		}
		return new ChatSummary(chat.id(), chat.channelId(), channel.displayPhoneNumber(), chat.waId(),
				chat.profileName(), chat.state(), chat.assignedUserId(), chat.unread(), activity,
				chat.windowClosesAt());
	}

	/** One message of a conversation, either way. */
	record ConversationItem(String id, String direction, String type, JsonNode content, Instant at,
			@Nullable String status, @Nullable ItemError error) {
	}

	/** A failed message's WhatsApp error, in words. */
	record ItemError(int code, String title, @Nullable String details) {
	}

	record Conversation(ChatSummary chat, List<ConversationItem> messages, List<CustomFields.FieldValue> fields,
			List<Agent> agents, List<TemplatePicker.TemplateChoice> templates,
			List<QuickReplies.QuickReply> quickReplies) {
	}

	record Agent(String id, String displayName, String role) {
	}

	Conversation conversation(SignedInUser user, String chatId) {
		InboxChat chat = requireChat(user, chatId);
		Channel channel = channel(chat);
		List<ConversationItem> items = new ArrayList<>();
		for (CustomerMessages.CustomerMessage message : this.customerMessages.latest(chat.chat(), HISTORY_LIMIT)) {
			items.add(new ConversationItem(message.id(), "in", message.type(), this.json.readTree(message.content()),
					message.receivedAt(), null, null));
		}
		List<MessageQueries.SentMessage> sent = this.messages.latestTo(chat.channelId(), chat.waId(), HISTORY_LIMIT);
		for (MessageQueries.SentMessage message : sent) {
			ItemError error = (message.errorCode() != null) ? new ItemError(message.errorCode(),
					(message.errorTitle() != null) ? message.errorTitle() : ErrorCodes.titleOf(message.errorCode()),
					message.errorDetails()) : null;
			items.add(new ConversationItem(message.id(), "out", message.type(), this.json.readTree(message.content()),
					message.createdAt(), message.status(), error));
		}
		items.sort(Comparator.comparing(ConversationItem::at).thenComparing(ConversationItem::id));
		List<ConversationItem> latest = items.subList(Math.max(0, items.size() - HISTORY_LIMIT), items.size());
		Instant lastSent = sent.isEmpty() ? null : sent.getLast().createdAt();
		List<TemplatePicker.TemplateChoice> sendable = this.templates.templates(channel)
			.stream()
			.filter((template) -> template.approved() && isFilledByText(template))
			.toList();
		return new Conversation(summary(chat, channel, lastSent), List.copyOf(latest),
				this.customFields.values(channel, chat.id()), agents(user), sendable,
				this.quickReplies.of(accountOf(user)));
	}

	/** The inbox fills variables with text: no media or location header. */
	private static boolean isFilledByText(TemplatePicker.TemplateChoice template) {
		return template.headerFormat() == null || "TEXT".equals(template.headerFormat());
	}

	/**
	 * Opening a chat: its unread count drops to zero, and the customer's messages are
	 * marked read on WhatsApp (the latest one; WhatsApp marks the earlier ones with it).
	 */
	void markRead(SignedInUser user, String chatId) {
		InboxChat chat = requireChat(user, chatId);
		this.chats.markReadByAgent(chat);
		if (chat.unread() > 0) {
			List<CustomerMessages.CustomerMessage> latest = this.customerMessages.latest(chat.chat(), 1);
			if (!latest.isEmpty()) {
				this.readReceipts.markRead(channel(chat), latest.getFirst().upstreamId(), false);
			}
		}
	}

	/**
	 * Sends a text reply through the same use case as {@code POST /v1/messages}: the same
	 * validation, 24-hour window and idempotency.
	 * @return the new message's id
	 */
	String sendText(SignedInUser user, String chatId, String text, @Nullable String idempotencyKey) {
		InboxChat chat = requireChat(user, chatId);
		ObjectNode body = this.json.createObjectNode().put("to", chat.waId()).put("type", "text");
		body.putObject("text").put("body", text);
		return send(chat, body, idempotencyKey);
	}

	/**
	 * Sends an approved template, its variables filled in order: the header's first, then
	 * the body's.
	 */
	String sendTemplate(SignedInUser user, String chatId, String name, String language, List<String> headerValues,
			List<String> bodyValues, @Nullable String idempotencyKey) {
		InboxChat chat = requireChat(user, chatId);
		ObjectNode body = this.json.createObjectNode().put("to", chat.waId()).put("type", "template");
		ObjectNode template = body.putObject("template").put("name", name);
		template.putObject("language").put("code", language);
		ArrayNode components = template.putArray("components");
		if (!headerValues.isEmpty()) {
			addTextParameters(components.addObject().put("type", "header"), headerValues);
		}
		if (!bodyValues.isEmpty()) {
			addTextParameters(components.addObject().put("type", "body"), bodyValues);
		}
		return send(chat, body, idempotencyKey);
	}

	private static void addTextParameters(ObjectNode component, List<String> values) {
		ArrayNode parameters = component.putArray("parameters");
		values.forEach((value) -> parameters.addObject().put("type", "text").put("text", value));
	}

	/**
	 * Uploads a file to the chat's channel and sends it as the message type WhatsApp uses
	 * for its MIME type, with an optional caption.
	 */
	String sendAttachment(SignedInUser user, String chatId, String mimeType, @Nullable String filename,
			InputStream content, @Nullable String caption, @Nullable String idempotencyKey) throws IOException {
		InboxChat chat = requireChat(user, chatId);
		Channel channel = channel(chat);
		String mediaId = this.media.upload(channel, mimeType, "file", filename, content);
		String type = messageTypeOf(mimeType);
		ObjectNode body = this.json.createObjectNode().put("to", chat.waId()).put("type", type);
		ObjectNode file = body.putObject(type).put("id", mediaId);
		if (caption != null && !caption.isBlank() && !"audio".equals(type) && !"sticker".equals(type)) {
			file.put("caption", caption);
		}
		if ("document".equals(type) && filename != null) {
			file.put("filename", filename);
		}
		return send(chat, body, idempotencyKey);
	}

	/** How WhatsApp sends a file of this (accepted) type. */
	private static String messageTypeOf(String mimeType) {
		if (mimeType.equals("image/webp")) {
			return "sticker";
		}
		for (String type : List.of("image", "video", "audio")) {
			if (mimeType.startsWith(type + "/")) {
				return type;
			}
		}
		return "document";
	}

	/** A file of one of the user's account's channels (sent or received). */
	MediaStore.StoredMedia media(SignedInUser user, String mediaId) {
		for (Channel channel : channelsOf(user)) {
			Optional<MediaStore.StoredMedia> file = this.media.find(channel, mediaId);
			if (file.isPresent()) {
				return file.get();
			}
		}
		throw ApiException.notFound("Media " + mediaId);
	}

	QuickReplies.QuickReply addQuickReply(SignedInUser user, String title, String body) {
		return this.quickReplies.add(accountOf(user), title, body);
	}

	void deleteQuickReply(SignedInUser user, String id) {
		this.quickReplies.delete(accountOf(user), id);
	}

	private String send(InboxChat chat, ObjectNode body, @Nullable String idempotencyKey) {
		MessageService.SendAnswer answer = this.sender.send(channel(chat), body, idempotencyKey);
		return answer.body().path("messages").path(0).path("id").asString();
	}

	void assign(SignedInUser user, String chatId, @Nullable String assigneeId) {
		InboxChat chat = requireChat(user, chatId);
		if (assigneeId != null && agents(user).stream().noneMatch((agent) -> agent.id().equals(assigneeId))) {
			throw ApiException.invalid("user_id", "user_of_account", null,
					"user_id must be a user of this account (was '" + assigneeId + "')");
		}
		this.chats.assign(chat, assigneeId);
	}

	void setState(SignedInUser user, String chatId, String state) {
		this.chats.setState(requireChat(user, chatId), state);
	}

	List<CustomFields.FieldValue> setField(SignedInUser user, String chatId, String fieldId, String value) {
		InboxChat chat = requireChat(user, chatId);
		ObjectNode body = this.json.createObjectNode();
		body.putArray("data").addObject().put("id", fieldId).put("value", value);
		return this.customFields.setValues(channel(chat), chat.id(), body);
	}

	List<Agent> agents(SignedInUser user) {
		return this.users.ofAccount(accountOf(user))
			.stream()
			.map((User agent) -> new Agent(agent.id(), agent.displayName(), agent.role().wireName()))
			.toList();
	}

	List<String> channelIds(SignedInUser user) {
		return ids(channelsOf(user));
	}

	InboxChat requireChat(SignedInUser user, String chatId) {
		return this.chats.find(channelIds(user), chatId).orElseThrow(() -> ApiException.notFound("Chat " + chatId));
	}

	private Channel channel(InboxChat chat) {
		return this.accounts.findChannel(chat.channelId()).orElseThrow();
	}

	private List<Channel> channelsOf(SignedInUser user) {
		return this.accounts.channelsOf(accountOf(user));
	}

	private static String accountOf(SignedInUser user) {
		if (user.accountId() == null) {
			throw ApiException.notFound("Inbox (operators have no account inbox)");
		}
		return user.accountId();
	}

	private static List<String> ids(List<Channel> channels) {
		return channels.stream().map(Channel::id).toList();
	}

}
