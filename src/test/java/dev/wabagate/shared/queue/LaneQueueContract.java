package dev.wabagate.shared.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the lane queue engine promises its queues (the outbound messages, the webhook
 * events), run against each database. Each test has a queue of its own and works at fixed
 * instants: the due times, leases and retries are decided by the {@code now} the caller
 * passes, never by waiting.
 */
interface LaneQueueContract {

	ApplicationContext context();

	default LaneQueues queues() {
		return context().getBean(LaneQueues.class);
	}

	default TransactionTemplate transactions() {
		return context().getBean(TransactionTemplate.class);
	}

	default JdbcClient jdbc() {
		return context().getBean(JdbcClient.class);
	}

	Instant T0 = Instant.parse("2031-01-01T00:00:00Z");

	Duration LEASE = Duration.ofSeconds(60);

	String CHANNEL = "ch_contract";

	default LaneQueue newQueue() {
		return queues().queue("t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
	}

	default void enqueue(LaneQueue queue, String lane, String... refs) {
		transactions().executeWithoutResult((tx) -> queue
			.enqueue(List.of(refs).stream().map((ref) -> new QueueEntry(CHANNEL, lane, ref, T0)).toList(), T0));
	}

	default List<Lease> claim(LaneQueue queue, String node, int limit, Instant now) {
		return queue.claim(CHANNEL, node, limit, now, now.plus(LEASE));
	}

	default Set<Long> complete(LaneQueue queue, List<Lease> leases, String node, Instant now) {
		return transactions().execute((tx) -> queue.complete(leases, node, now));
	}

	default boolean retryAt(LaneQueue queue, Lease lease, String node, Instant at) {
		Boolean held = transactions().execute((tx) -> queue.retryAt(lease, node, at));
		return Boolean.TRUE.equals(held);
	}

	private static List<String> refs(List<Lease> leases) {
		return leases.stream().map(Lease::ref).toList();
	}

	@Test
	default void eachLaneGivesItsItemsInTheOrderTheyWereQueuedOneHeadAtATime() {
		LaneQueue queue = newQueue();
		enqueue(queue, "alice", "a1", "a2", "a3");
		enqueue(queue, "bob", "b1", "b2");

		List<Lease> first = claim(queue, "n1", 10, T0);
		assertThat(refs(first)).containsExactlyInAnyOrder("a1", "b1");
		assertThat(claim(queue, "n1", 10, T0)).as("the heads in flight hold their lanes").isEmpty();

		complete(queue, first, "n1", T0);
		List<Lease> second = claim(queue, "n1", 10, T0);
		assertThat(refs(second)).containsExactlyInAnyOrder("a2", "b2");
		complete(queue, second, "n1", T0);
		List<Lease> third = claim(queue, "n1", 10, T0);
		assertThat(refs(third)).containsExactly("a3");
		assertThat(third.get(0).laneKey()).isEqualTo("alice");
		assertThat(third.get(0).attempts()).isEqualTo(1);
	}

	@Test
	default void twoClaimersShareTheDueHeadsWithoutTakingOneTwice() {
		LaneQueue queue = newQueue();
		for (String lane : List.of("l1", "l2", "l3", "l4")) {
			enqueue(queue, lane, lane + "-x");
		}

		List<Lease> one = claim(queue, "n1", 2, T0);
		List<Lease> other = claim(queue, "n2", 10, T0);

		assertThat(one).hasSize(2);
		assertThat(other).hasSize(2);
		assertThat(refs(one)).doesNotContainAnyElementsOf(refs(other));
	}

	@Test
	default void aClaimSkipsALaneAnotherTransactionHoldsInsteadOfWaitingForIt() throws Exception {
		LaneQueue queue = newQueue();
		enqueue(queue, "busy", "busy-1");
		enqueue(queue, "free", "free-1");
		CountDownLatch locked = new CountDownLatch(1);
		CountDownLatch done = new CountDownLatch(1);
		// Queuing an item upserts (and so locks) its lane until that transaction commits.
		CompletableFuture<Void> adding = CompletableFuture.runAsync(() -> transactions().executeWithoutResult((tx) -> {
			queue.enqueue(List.of(new QueueEntry(CHANNEL, "busy", "busy-2", T0)), T0);
			locked.countDown();
			try {
				done.await(20, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}));
		try {
			assertThat(locked.await(20, TimeUnit.SECONDS)).isTrue();
			assertThat(refs(claim(queue, "n1", 10, T0))).containsExactly("free-1");
		}
		finally {
			done.countDown();
			adding.get(20, TimeUnit.SECONDS);
		}
		assertThat(refs(claim(queue, "n2", 10, T0))).containsExactly("busy-1");
	}

	@Test
	default void anExpiredLeaseIsTakenOverAsTheNextAttempt() {
		LaneQueue queue = newQueue();
		enqueue(queue, "alice", "a1");
		assertThat(claim(queue, "n1", 10, T0)).hasSize(1);

		assertThat(claim(queue, "n2", 10, T0.plus(LEASE).minusMillis(1))).as("lease still running").isEmpty();
		List<Lease> takenOver = claim(queue, "n2", 10, T0.plus(LEASE));

		assertThat(refs(takenOver)).containsExactly("a1");
		assertThat(takenOver.get(0).attempts()).isEqualTo(2);
	}

	@Test
	default void aNodeThatLostItsLeaseChangesNothing() {
		LaneQueue queue = newQueue();
		enqueue(queue, "alice", "a1", "a2");
		Lease lost = claim(queue, "n1", 10, T0).get(0);
		Instant later = T0.plus(LEASE);
		Lease current = claim(queue, "n2", 10, later).get(0);

		assertThat(complete(queue, List.of(lost), "n1", later)).isEmpty();
		assertThat(retryAt(queue, lost, "n1", later)).isFalse();
		queue.release(List.of(lost), "n1");

		assertThat(claim(queue, "n3", 10, later)).as("n2's lease is untouched").isEmpty();
		assertThat(queue.depth()).isEqualTo(2);
		assertThat(complete(queue, List.of(current), "n2", later)).containsExactly(current.seq());
		assertThat(refs(claim(queue, "n3", 10, later))).containsExactly("a2");
	}

	@Test
	default void aReleasedHeadIsDueAgainAtOnceAndIsNotCountedAsAnAttempt() {
		LaneQueue queue = newQueue();
		enqueue(queue, "alice", "a1");
		List<Lease> claimed = claim(queue, "n1", 10, T0);

		queue.release(claimed, "n1");
		List<Lease> again = claim(queue, "n2", 10, T0);

		assertThat(refs(again)).containsExactly("a1");
		assertThat(again.get(0).attempts()).isEqualTo(1);
	}

	@Test
	default void aRetriedHeadKeepsItsLaneUntilItsDueTime() {
		LaneQueue queue = newQueue();
		enqueue(queue, "alice", "a1", "a2");
		Lease head = claim(queue, "n1", 10, T0).get(0);
		Instant due = T0.plusSeconds(10);

		assertThat(retryAt(queue, head, "n1", due)).isTrue();

		assertThat(claim(queue, "n1", 10, due.minusMillis(1))).as("backing off; a2 waits behind it").isEmpty();
		List<Lease> retried = claim(queue, "n1", 10, due);
		assertThat(refs(retried)).containsExactly("a1");
		assertThat(retried.get(0).attempts()).isEqualTo(2);
	}

	@Test
	default void anEmptiedLaneIsRemovedAndTheQueueCanFillItAgain() {
		LaneQueue queue = newQueue();
		enqueue(queue, "alice", "a1");
		assertThat(queue.channels()).containsExactly(CHANNEL);

		complete(queue, claim(queue, "n1", 10, T0), "n1", T0);

		assertThat(queue.depth()).isZero();
		assertThat(queue.channels()).isEmpty();
		assertThat(jdbc().sql("select count(*) from queue_lanes where queue = ?")
			.param(queue.name())
			.query(Long.class)
			.single()).isZero();
		enqueue(queue, "alice", "a2");
		assertThat(refs(claim(queue, "n1", 10, T0))).containsExactly("a2");
	}

	@Test
	default void removingAChannelDropsItsItemsAndLanes() {
		LaneQueue queue = newQueue();
		enqueue(queue, "alice", "a1", "a2");
		enqueue(queue, "bob", "b1");
		List<Lease> inFlight = claim(queue, "n1", 1, T0);

		List<String> removed = transactions().execute((tx) -> queue.removeChannel(CHANNEL));

		assertThat(removed).containsExactlyInAnyOrder("a1", "a2", "b1");
		assertThat(queue.depth()).isZero();
		assertThat(queue.holds("a1")).isFalse();
		assertThat(complete(queue, inFlight, "n1", T0)).as("the head in flight is gone too").isEmpty();
		assertThat(claim(queue, "n1", 10, T0)).isEmpty();
	}

}
