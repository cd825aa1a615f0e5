package dev.wabagate.messaging;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.wabagate.crm.Chats;
import dev.wabagate.shared.DatabaseFailures;
import dev.wabagate.shared.EpochMicros;
import dev.wabagate.shared.queue.LaneQueue;
import dev.wabagate.shared.queue.LaneQueues;
import dev.wabagate.shared.queue.QueueEntry;
import dev.wabagate.upstream.MessagePayload;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for accepted messages. Requests hand their message to a writer and wait;
 * the writer stores whatever has arrived meanwhile in one transaction with multi-row
 * inserts (the message, whose creation time is its {@code accepted} status's, its queue
 * entry and lane, its idempotent answer), after checking the 24-hour windows of the whole
 * group in one query. Each request still returns only after its own message is committed,
 * but under load one commit and a few round trips serve many requests: one transaction
 * per request is the ceiling of a small machine. When a batch fails, its messages are
 * retried one by one, so one bad row cannot fail the others; when the database cannot be
 * reached, the batch and the requests waiting behind it fail at once (the API answers
 * 503).
 */
@Component
class AcceptedMessageWriter implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(AcceptedMessageWriter.class);

	private static final int MAX_BATCH = 128;

	private static final int WRITERS = 2;

	private final JdbcTemplate batches;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final LaneQueue outbound;

	private final Chats chats;

	private static final String INSERT_MESSAGES = """
			insert into messages (id, channel_id, account_id, recipient, recipient_input, type, content, status,
			    biz_opaque_callback_data, created_at, updated_at)
			select id, channel_id, account_id, recipient, recipient_input, type, content, '%s', callback_data,
			    %s, %s
			from unnest(cast(? as varchar array), cast(? as varchar array), cast(? as varchar array),
			    cast(? as varchar array), cast(? as varchar array), cast(? as varchar array), cast(? as varchar array),
			    cast(? as varchar array), cast(? as bigint array))
			    as m (id, channel_id, account_id, recipient, recipient_input, type, content, callback_data, accepted_at)"""
		.formatted(MessageStatus.ACCEPTED.wireName(), EpochMicros.toTimestamp("accepted_at"),
				EpochMicros.toTimestamp("accepted_at"));

	private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();

	private final List<Thread> writers = new ArrayList<>();

	private volatile boolean running = true;

	AcceptedMessageWriter(JdbcTemplate batches, JdbcClient jdbc, TransactionTemplate transactions, LaneQueues queues,
			Chats chats) {
		this.batches = batches;
		this.jdbc = jdbc;
		this.chats = chats;
		this.outbound = queues.queue(ChannelQueues.LANE_QUEUE);
		this.transactions = transactions;
		for (int i = 0; i < WRITERS; i++) {
			this.writers.add(Thread.ofPlatform().daemon().name("accept-writer-" + i).start(this::writeUntilStopped));
		}
	}

	/**
	 * Stores the message durably; returns once it is committed.
	 * @return false, with nothing stored, when the message needs an open 24-hour window
	 * and its recipient's is closed
	 */
	boolean write(NewMessage message) {
		if (!this.running) {
			throw new IllegalStateException("The gateway is shutting down; the message was not stored");
		}
		Pending entry = new Pending(message, new CompletableFuture<>());
		this.pending.add(entry);
		try {
			return entry.stored().get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while storing the message", ex);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException(ex.getCause());
		}
	}

	private void writeUntilStopped() {
		while (this.running || !this.pending.isEmpty()) {
			try {
				Pending first = this.pending.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				List<Pending> batch = new ArrayList<>(MAX_BATCH);
				batch.add(first);
				this.pending.drainTo(batch, MAX_BATCH - 1);
				writeBatch(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void writeBatch(List<Pending> batch) {
		try {
			Set<String> windowClosed = this.transactions.execute((tx) -> {
				List<NewMessage> messages = new ArrayList<>(batch.size());
				for (Pending entry : batch) {
					messages.add(entry.message());
				}
				Set<String> closed = windowClosed(messages);
				List<NewMessage> storable = messages;
				if (!closed.isEmpty()) {
					storable = new ArrayList<>(messages.size());
					for (NewMessage message : messages) {
						if (!closed.contains(message.id())) {
							storable.add(message);
						}
					}
				}
				if (!storable.isEmpty()) {
					insert(storable);
				}
				return closed;
			});
			batch.forEach((entry) -> entry.stored().complete(!windowClosed.contains(entry.message().id())));
		}
		catch (RuntimeException ex) {
			if (DatabaseFailures.isUnavailable(ex)) {
				// Every row would fail the same way, each after the pool's timeout: fail
				// them and those waiting behind them now, so that each request answers
				// 503
				// in bounded time.
				batch.forEach((entry) -> entry.stored().completeExceptionally(ex));
				List<Pending> waiting = new ArrayList<>();
				this.pending.drainTo(waiting);
				waiting.forEach((entry) -> entry.stored().completeExceptionally(ex));
				return;
			}
			if (batch.size() == 1) {
				batch.get(0).stored().completeExceptionally(ex);
				return;
			}
			log.warn("Storing {} accepted messages together failed; storing them one by one", batch.size(), ex);
			batch.forEach((entry) -> writeBatch(List.of(entry)));
		}
	}

	/** The ids of the messages that need an open window whose recipient's is closed. */
	private Set<String> windowClosed(List<NewMessage> messages) {
		Map<String, List<NewMessage>> byChannel = new HashMap<>();
		for (NewMessage message : messages) {
			if (message.needsOpenWindow()) {
				byChannel.computeIfAbsent(message.channelId(), (channelId) -> new ArrayList<>()).add(message);
			}
		}
		if (byChannel.isEmpty()) {
			return Set.of();
		}
		Set<String> closed = new HashSet<>();
		byChannel.forEach((channelId, group) -> {
			Set<String> open = this.chats.openWindows(channelId, group.stream().map(NewMessage::recipient).toList());
			group.stream().filter((m) -> !open.contains(m.recipient())).forEach((m) -> closed.add(m.id()));
		});
		return closed;
	}

	/**
	 * One statement per table whatever the group's size: the rows go in as one array
	 * parameter per column ({@code unnest}), so the server parses and plans each text
	 * once per connection. Times go as microseconds since the epoch
	 * ({@link EpochMicros}), so no time zone is involved.
	 */
	private void insert(List<NewMessage> messages) {
		int size = messages.size();
		String[] ids = new String[size];
		String[] channelIds = new String[size];
		String[] accountIds = new String[size];
		String[] recipients = new String[size];
		String[] recipientInputs = new String[size];
		String[] types = new String[size];
		String[] contents = new String[size];
		@Nullable String[] callbackData = new String[size];
		Long[] acceptedAt = new Long[size];
		List<QueueEntry> entries = new ArrayList<>(size);
		List<Object[]> idempotentAnswers = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			NewMessage m = messages.get(i);
			Instant accepted = m.acceptedAt().toInstant();
			ids[i] = m.id();
			channelIds[i] = m.channelId();
			accountIds[i] = m.accountId();
			recipients[i] = m.recipient();
			recipientInputs[i] = m.recipientInput();
			types[i] = m.payload().type().wireName();
			contents[i] = m.payload().cloudJson();
			callbackData[i] = m.bizOpaqueCallbackData();
			acceptedAt[i] = EpochMicros.of(accepted);
			entries.add(new QueueEntry(m.channelId(), m.recipient(), m.id(), accepted));
			IdempotentAnswer answer = m.idempotentAnswer();
			if (answer != null) {
				idempotentAnswers.add(new Object[] { answer.status(), answer.body(), m.channelId(), answer.key() });
			}
		}
		this.jdbc.sql(INSERT_MESSAGES)
			.params(varchars(ids), varchars(channelIds), varchars(accountIds), varchars(recipients),
					varchars(recipientInputs), varchars(types), varchars(contents), varchars(callbackData),
					new SqlArrayValue("bigint", (Object[]) acceptedAt))
			.update();
		this.outbound.enqueue(entries, messages.get(size - 1).acceptedAt().toInstant());
		if (!idempotentAnswers.isEmpty()) {
			this.batches.batchUpdate("""
					update idempotency_keys set response_status = ?, response_body = ?
					where channel_id = ? and idempotency_key = ?""", idempotentAnswers,
					new int[] { Types.INTEGER, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR });
		}
	}

	/**
	 * A typed array, so that the PostgreSQL driver encodes it as such rather than
	 * formatting each element of an {@code Object[]}.
	 */
	private static SqlArrayValue varchars(@Nullable String[] column) {
		return new SqlArrayValue("varchar", (Object[]) column);
	}

	@Override
	public void destroy() throws InterruptedException {
		this.running = false;
		for (Thread writer : this.writers) {
			writer.join(TimeUnit.SECONDS.toMillis(10));
		}
	}

	/**
	 * A message to store, with the answer to replay for its idempotency key, if it has
	 * one.
	 *
	 * @param needsOpenWindow whether it may be stored only while the recipient's 24-hour
	 * window is open (a session message on a channel whose gateway enforces the window)
	 */
	record NewMessage(String id, String channelId, String accountId, String recipient, String recipientInput,
			MessagePayload payload, @Nullable String bizOpaqueCallbackData, Timestamp acceptedAt,
			boolean needsOpenWindow, @Nullable IdempotentAnswer idempotentAnswer) {
	}

	record IdempotentAnswer(String key, int status, String body) {
	}

	private record Pending(NewMessage message, CompletableFuture<Boolean> stored) {
	}

}
