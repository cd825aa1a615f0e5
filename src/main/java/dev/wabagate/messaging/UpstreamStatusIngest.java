package dev.wabagate.messaging;

import java.util.Optional;

import dev.wabagate.upstream.UpstreamStatus;
import dev.wabagate.upstream.UpstreamStatusHandler;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Applies the statuses providers report to the messages they belong to. */
@Component
class UpstreamStatusIngest implements UpstreamStatusHandler {

	private final JdbcClient jdbc;

	private final MessageLifecycle lifecycle;

	UpstreamStatusIngest(JdbcClient jdbc, MessageLifecycle lifecycle) {
		this.jdbc = jdbc;
		this.lifecycle = lifecycle;
	}

	@Override
	@Transactional
	public boolean onStatus(UpstreamStatus status) {
		Optional<String> messageId = this.jdbc.sql("select id from messages where upstream_id = ? and channel_id = ?")
			.params(status.upstreamMessageId(), status.channelId())
			.query(String.class)
			.optional();
		if (messageId.isEmpty()) {
			return false;
		}
		MessageStatus next;
		try {
			next = MessageStatus.fromWire(status.status());
		}
		catch (IllegalArgumentException ex) {
			// Statuses Wabagate does not track (e.g. "played", "deleted") change nothing.
			return true;
		}
		this.lifecycle.advance(messageId.get(), next, status.timestamp(), status.errorCode(), status.errorTitle(),
				status.errorDetails());
		return true;
	}

}
