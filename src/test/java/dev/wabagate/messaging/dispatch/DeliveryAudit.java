package dev.wabagate.messaging.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.wabagate.support.GatewayClient;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.TestDatabases;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sending load against gateway processes and the checks made afterwards against what
 * the sandbox "WhatsApp" received: nothing accepted is lost, nothing is sent twice except
 * in the documented crash window, and every recipient got its messages in order.
 */
final class DeliveryAudit {

	/**
	 * The documented crash window: a copy whose outcome was never recorded must have
	 * reached the sandbox at most this long before the process that sent it died.
	 */
	private static final Duration CRASH_WINDOW = Duration.ofSeconds(2);

	private final JdbcClient jdbc;

	private final Map<String, List<String>> acceptedByRecipient = new ConcurrentHashMap<>();

	private final List<Instant> kills = new CopyOnWriteArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean();

	private final List<Thread> senders = new ArrayList<>();

	DeliveryAudit(String databaseUrl) {
		this.jdbc = JdbcClient.create(new DriverManagerDataSource(databaseUrl, TestDatabases.USER, ""));
	}

	JdbcClient jdbc() {
		return this.jdbc;
	}

	/**
	 * Starts {@code threads} senders, each sending in turn to its own recipients, through
	 * whichever gateway {@code gateways} names at the time.
	 */
	void startLoad(TestChannel channel, int threads, int recipientsPerThread, Supplier<GatewayClient> gateways) {
		this.running.set(true);
		for (int t = 0; t < threads; t++) {
			List<String> recipients = new ArrayList<>();
			for (int r = 0; r < recipientsPerThread; r++) {
				recipients.add(String.format("9198%02d%02d5555", t, r));
			}
			this.senders.add(Thread.ofPlatform().start(() -> {
				int n = 0;
				while (this.running.get()) {
					String to = recipients.get(n++ % recipients.size());
					String id = send(gateways.get(), channel, to);
					if (id != null) {
						this.acceptedByRecipient.computeIfAbsent(to, (k) -> new CopyOnWriteArrayList<>()).add(id);
					}
					else {
						sleep(Duration.ofMillis(50));
					}
				}
			}));
		}
	}

	void stopLoad() throws InterruptedException {
		this.running.set(false);
		for (Thread sender : this.senders) {
			sender.join();
		}
	}

	void killed() {
		this.kills.add(Instant.now());
	}

	long accepted() {
		return this.acceptedByRecipient.values().stream().mapToLong(List::size).sum();
	}

	/** Waits until no accepted message is still on its way. */
	void awaitAllFinal(Duration atMost) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (System.nanoTime() < deadline && pending() > 0) {
			sleep(Duration.ofMillis(200));
		}
		assertThat(pending()).as("messages not yet read or failed").isZero();
	}

	void assertNoLossNoDuplicateOutsideTheWindowAndOrderHeld() {
		List<String> accepted = this.acceptedByRecipient.values().stream().flatMap(List::stream).toList();
		Map<String, String> statuses = this.jdbc.sql("select id, status from messages")
			.query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2)))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
		assertThat(statuses).as("every accepted message is stored").containsKeys(accepted.toArray(String[]::new));
		assertThat(accepted.stream().map(statuses::get)).as("every accepted message was read").containsOnly("read");

		List<Received> received = this.jdbc.sql("""
				select r.recipient, r.message_id, r.upstream_id, r.received_at, u.upstream_id
				from sandbox_received r join messages m on m.id = r.message_id
				left join message_upstream_ids u on u.message_id = m.id order by r.id""")
			.query((rs, i) -> new Received(rs.getString(1), rs.getString(2), rs.getString(3),
					rs.getTimestamp(4).toInstant(), rs.getString(5)))
			.list();
		for (Received copy : received) {
			if (!copy.upstreamId().equals(copy.recordedUpstreamId())) {
				assertThat(this.kills)
					.as("unrecorded copy of %s received at %s must precede a kill closely", copy.messageId(), copy.at())
					.anySatisfy((kill) -> assertThat(Duration.between(copy.at(), kill)).isBetween(Duration.ZERO,
							CRASH_WINDOW));
			}
		}
		Map<String, List<String>> receivedByRecipient = received.stream()
			.collect(Collectors.groupingBy(Received::recipient, Collectors.mapping(Received::messageId,
					Collectors.collectingAndThen(Collectors.toList(), DeliveryAudit::withoutRepeats))));
		this.acceptedByRecipient.forEach((recipient,
				ids) -> assertThat(receivedByRecipient.get(recipient).stream().filter(ids::contains).toList())
					.as("order received by %s", recipient)
					.containsExactlyElementsOf(ids));
	}

	long duplicates() {
		return this.jdbc.sql("select count(*) - count(distinct message_id) from sandbox_received")
			.query(Long.class)
			.single();
	}

	private long pending() {
		return this.jdbc.sql("select count(*) from messages where status not in ('read', 'failed')")
			.query(Long.class)
			.single();
	}

	/** A message sent again right after itself is one delivery for ordering. */
	private static List<String> withoutRepeats(List<String> ids) {
		List<String> collapsed = new ArrayList<>();
		for (String id : ids) {
			if (collapsed.isEmpty() || !collapsed.get(collapsed.size() - 1).equals(id)) {
				collapsed.add(id);
			}
		}
		return collapsed;
	}

	static @Nullable String send(GatewayClient gateway, TestChannel channel, String to) {
		String body = """
				{"to":"%s","type":"template","template":{"namespace":"ns","name":"hello",
				 "language":{"policy":"deterministic","code":"en"}}}""".formatted(to);
		try {
			GatewayClient.Response response = gateway.curlData("POST", "/v1/messages", channel.apiKey(), body);
			return (response.status() == 201) ? response.json().get("messages").get(0).get("id").asString() : null;
		}
		catch (RuntimeException ex) {
			// The gateway is down: the request was not accepted as far as the client
			// knows.
			return null;
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Received(String recipient, String messageId, String upstreamId, Instant at,
			String recordedUpstreamId) {
	}

}
