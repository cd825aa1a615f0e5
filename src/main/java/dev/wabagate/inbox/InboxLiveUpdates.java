package dev.wabagate.inbox;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wabagate.crm.InboxChats;
import dev.wabagate.crm.InboxChats.InboxChat;
import dev.wabagate.messaging.MessageQueries;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Live updates by Server-Sent Events. Each node polls the database for change marks of
 * the chats its connected agents watch, and tells an agent's browser "inbox" (the chat
 * list changed) or "chat" (the open conversation changed); the browser then reads the new
 * state. Nothing is kept in one node's memory but who is connected, so a message stored
 * by any node reaches every agent.
 */
@Component
class InboxLiveUpdates {

	private static final Logger log = LoggerFactory.getLogger(InboxLiveUpdates.class);

	private static final Duration STREAM_LIFETIME = Duration.ofMinutes(10);

	private final InboxChats chats;

	private final MessageQueries messages;

	private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();

	InboxLiveUpdates(InboxChats chats, MessageQueries messages) {
		this.chats = chats;
		this.messages = messages;
	}

	/** One agent's browser tab, watching its account's chats and perhaps one chat. */
	private static final class Subscriber {

		private final SseEmitter emitter;

		private final List<String> channelIds;

		private final @Nullable InboxChat openChat;

		private @Nullable String inboxMark;

		private @Nullable String chatMark;

		Subscriber(SseEmitter emitter, List<String> channelIds, @Nullable InboxChat openChat) {
			this.emitter = emitter;
			this.channelIds = channelIds;
			this.openChat = openChat;
		}

	}

	SseEmitter subscribe(List<String> channelIds, @Nullable InboxChat openChat) {
		SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
		Subscriber subscriber = new Subscriber(emitter, channelIds, openChat);
		subscriber.inboxMark = inboxMark(channelIds, new HashMap<>());
		subscriber.chatMark = chatMark(subscriber);
		emitter.onCompletion(() -> this.subscribers.remove(subscriber));
		emitter.onTimeout(() -> this.subscribers.remove(subscriber));
		emitter.onError((ex) -> this.subscribers.remove(subscriber));
		this.subscribers.add(subscriber);
		send(subscriber, SseEmitter.event().name("ready").data("ready").reconnectTime(1000));
		return emitter;
	}

	@Scheduled(fixedDelayString = "${wabagate.inbox.live-update-interval:1s}")
	void poll() {
		if (this.subscribers.isEmpty()) {
			return;
		}
		// Agents of one account share the account's mark: one query per account per poll.
		Map<List<String>, String> inboxMarks = new HashMap<>();
		for (Subscriber subscriber : this.subscribers) {
			try {
				String inbox = inboxMark(subscriber.channelIds, inboxMarks);
				if (!inbox.equals(subscriber.inboxMark)) {
					subscriber.inboxMark = inbox;
					send(subscriber, SseEmitter.event().name("inbox").data("changed"));
				}
				String chat = chatMark(subscriber);
				if (chat != null && !chat.equals(subscriber.chatMark)) {
					subscriber.chatMark = chat;
					send(subscriber, SseEmitter.event().name("chat").data("changed"));
				}
			}
			catch (RuntimeException ex) {
				log.warn("Live update poll failed: {}", ex.toString());
			}
		}
	}

	/** A comment line now and then, so a closed connection is noticed and dropped. */
	@Scheduled(fixedDelayString = "${wabagate.inbox.live-heartbeat-interval:15s}")
	void heartbeat() {
		for (Subscriber subscriber : this.subscribers) {
			send(subscriber, SseEmitter.event().comment("keep-alive"));
		}
	}

	private String inboxMark(List<String> channelIds, Map<List<String>, String> cache) {
		return cache.computeIfAbsent(channelIds,
				(ids) -> this.chats.changeMark(ids) + "#" + this.messages.changeMark(ids, null, null));
	}

	private @Nullable String chatMark(Subscriber subscriber) {
		InboxChat chat = subscriber.openChat;
		if (chat == null) {
			return null;
		}
		return this.messages.changeMark(List.of(chat.channelId()), chat.channelId(), chat.waId());
	}

	private void send(Subscriber subscriber, SseEmitter.SseEventBuilder event) {
		try {
			subscriber.emitter.send(event);
		}
		catch (IOException | IllegalStateException ex) {
			this.subscribers.remove(subscriber);
			subscriber.emitter.completeWithError(ex);
		}
	}

}
