package dev.wabagate.messaging.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.wabagate.support.GatewayClient;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.GatewayProcess;
import dev.wabagate.support.TestDatabases;

import static org.assertj.core.api.Assertions.assertThat;

/** Two gateway processes on one PostgreSQL database, one of them killed midway. */
class TwoProcessTests {

	@Test
	void twoProcessesShareWorkAndPacingAndTheSurvivorTakesOverWhenOneIsKilled() throws InterruptedException {
		String database = TestDatabases.freshPostgresDatabase();
		DeliveryAudit audit = new DeliveryAudit(database);
		try (GatewayProcess first = new GatewayProcess(database, "node-a");
				GatewayProcess second = new GatewayProcess(database, "node-b")) {
			CompletableFuture.allOf(CompletableFuture.runAsync(first::start), CompletableFuture.runAsync(second::start))
				.join();
			List<GatewayClient> both = List.of(first.client(), second.client());

			TestChannel paced = first.client().newSandboxChannelWithHelloTemplate();
			first.client().admin("PATCH", "/admin/v1/channels/" + paced.channelId(), "{\"throughput_mps\":30}");
			Instant allAccepted = burst(paced, 180, both);
			List<Instant> backlog = awaitReceived(audit, paced, 180).stream()
				.filter((at) -> at.isAfter(allAccepted))
				.toList();
			// Some messages must wait for their slot after the burst (on a busy machine
			// the burst
			// itself takes a while, so only a part of it is still queued then).
			assertThat(backlog).hasSizeGreaterThan(10);
			double rate = (backlog.size() - 1)
					/ (Duration.between(backlog.get(0), backlog.get(backlog.size() - 1)).toNanos() / 1e9);
			// Both processes together never exceed the channel's limit (a busy machine
			// can
			// only make them slower); the slot arithmetic is checked exactly in
			// ChannelPaceTests.
			assertThat(rate).as("messages per second across both processes").isLessThanOrEqualTo(33.0);
			assertThat(audit.jdbc()
				.sql("select distinct a.node from message_attempts a join messages m on m.id = a.message_id "
						+ "where m.channel_id = ?")
				.param(paced.channelId())
				.query(String.class)
				.list()).containsExactlyInAnyOrder("node-a", "node-b");

			TestChannel channel = second.client().newSandboxChannelWithHelloTemplate();
			second.client().admin("PATCH", "/admin/v1/channels/" + channel.channelId(), "{\"throughput_mps\":200}");
			AtomicBoolean firstAlive = new AtomicBoolean(true);
			AtomicInteger turn = new AtomicInteger();
			audit.startLoad(channel, 4, 5,
					() -> (firstAlive.get() && turn.incrementAndGet() % 2 == 0) ? first.client() : second.client());
			DeliveryAudit.sleep(Duration.ofSeconds(3));
			first.kill();
			firstAlive.set(false);
			audit.killed();
			DeliveryAudit.sleep(Duration.ofSeconds(3));
			audit.stopLoad();

			audit.awaitAllFinal(Duration.ofSeconds(60));
			assertThat(audit.accepted()).isGreaterThan(100);
			audit.assertNoLossNoDuplicateOutsideTheWindowAndOrderHeld();
		}
	}

	/** Sends {@code count} templates from several threads, alternating gateways. */
	private static Instant burst(TestChannel channel, int count, List<GatewayClient> gateways) {
		try (ExecutorService senders = Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < count; i++) {
				String to = String.format("9197%08d", i);
				GatewayClient gateway = gateways.get(i % gateways.size());
				senders.execute(() -> assertThat(DeliveryAudit.send(gateway, channel, to)).isNotNull());
			}
		}
		return Instant.now();
	}

	private static List<Instant> awaitReceived(DeliveryAudit audit, TestChannel channel, int count) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (true) {
			List<Instant> received = audit.jdbc()
				.sql("select received_at from sandbox_received where channel_id = ? order by received_at, id")
				.param(channel.channelId())
				.query((rs, i) -> rs.getTimestamp(1).toInstant())
				.list();
			if (received.size() >= count || System.nanoTime() > deadline) {
				assertThat(received).hasSize(count);
				return received;
			}
			DeliveryAudit.sleep(Duration.ofMillis(100));
		}
	}

}
