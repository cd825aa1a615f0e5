package dev.wabagate.shared.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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

	/** How many of the queue's items are lane heads. */
	private long heads(LaneQueue queue) {
		return jdbc().sql("select count(*) from queue_items where queue = ? and available_at is not null")
			.param(queue.name())
			.query(Long.class)
			.single();
	}

	/**
	 * Runs {@code first} in a transaction on a thread of its own and keeps it open while
	 * {@code second} runs in another transaction on another thread, until {@code second}
	 * has ended or waits for a lane lock; then commits the first, and waits for the
	 * second to end. An assertion failing in either fails the test.
	 * @return whether the second ended while the first was still open
	 */
	private boolean overlapping(Runnable first, Runnable second) throws Exception {
		CountDownLatch firstRan = new CountDownLatch(1);
		CountDownLatch commitFirst = new CountDownLatch(1);
		CompletableFuture<Void> one = CompletableFuture.runAsync(() -> transactions().executeWithoutResult((tx) -> {
			first.run();
			firstRan.countDown();
			await(commitFirst);
		}));
		try {
			assertThat(firstRan.await(20, TimeUnit.SECONDS)).as("the first transaction ran").isTrue();
			CompletableFuture<Void> other = new CompletableFuture<>();
			Thread thread = Thread.ofPlatform().start(() -> {
				try {
					transactions().executeWithoutResult((tx) -> second.run());
					other.complete(null);
				}
				catch (Throwable ex) {
					other.completeExceptionally(ex);
				}
			});
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (!other.isDone() && !waitsForALaneLock(thread) && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			boolean secondEndedFirst = other.isDone();
			commitFirst.countDown();
			one.get(20, TimeUnit.SECONDS);
			other.get(20, TimeUnit.SECONDS);
			return secondEndedFirst;
		}
		finally {
			commitFirst.countDown();
		}
	}

	private static boolean waitsForALaneLock(Thread thread) {
		return Arrays.stream(thread.getStackTrace())
			.anyMatch((frame) -> frame.getClassName().endsWith("LaneLocks") && frame.getMethodName().equals("take"));
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(20, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
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
	default void aClaimSkipsAHeadAnotherTransactionHoldsInsteadOfWaitingForIt() throws Exception {
		LaneQueue queue = newQueue();
		enqueue(queue, "busy", "busy-1", "busy-2");
		enqueue(queue, "free", "free-1");
		List<Lease> busy = claim(queue, "n1", 1, T0);
		assertThat(refs(busy)).containsExactly("busy-1");
		Instant later = T0.plus(LEASE);
		// n1 finishes busy-1 just as its lease runs out: its transaction holds the head's
		// row, which n2 would otherwise take over.
		boolean claimedMeanwhile = overlapping(
				() -> assertThat(queue.complete(busy, "n1", later)).containsExactly(busy.get(0).seq()),
				() -> assertThat(refs(claim(queue, "n2", 10, later))).containsExactly("free-1"));

		assertThat(claimedMeanwhile).as("the claim did not wait for n1's transaction").isTrue();
		assertThat(refs(claim(queue, "n2", 10, later))).containsExactly("busy-2");
	}

	@Test
	default void queuingToALaneDoesNotHoldBackAClaimOfItsHead() throws Exception {
		LaneQueue queue = newQueue();
		enqueue(queue, "alice", "a1");
		boolean claimedMeanwhile = overlapping(
				() -> queue.enqueue(List.of(new QueueEntry(CHANNEL, "alice", "a2", T0)), T0),
				() -> assertThat(refs(claim(queue, "n1", 10, T0))).containsExactly("a1"));

		assertThat(claimedMeanwhile).as("the claim did not wait for the enqueue's transaction").isTrue();
		assertThat(heads(queue)).isEqualTo(1);
	}

	@Test
	default void twoTransactionsQueuingToOneEmptyLaneMakeOneHead() throws Exception {
		LaneQueue queue = newQueue();
		overlapping(() -> queue.enqueue(List.of(new QueueEntry(CHANNEL, "alice", "a1", T0)), T0),
				() -> queue.enqueue(List.of(new QueueEntry(CHANNEL, "alice", "a2", T0)), T0));

		assertThat(heads(queue)).isEqualTo(1);
		List<Lease> first = claim(queue, "n1", 10, T0);
		assertThat(refs(first)).containsExactly("a1");
		complete(queue, first, "n1", T0);
		assertThat(refs(claim(queue, "n1", 10, T0))).containsExactly("a2");
	}

	@Test
	default void anItemQueuedWhileItsLanesLastHeadIsBeingFinishedBecomesTheHead() throws Exception {
		finishTheLastHeadAndQueueAnItemAtOnce(true);
	}

	@Test
	default void aHeadFinishedWhileAnItemIsBeingQueuedBehindItHandsTheLaneToThatItem() throws Exception {
		finishTheLastHeadAndQueueAnItemAtOnce(false);
	}

	private void finishTheLastHeadAndQueueAnItemAtOnce(boolean finishingFirst) throws Exception {
		LaneQueue queue = newQueue();
		enqueue(queue, "alice", "a1");
		List<Lease> head = claim(queue, "n1", 10, T0);
		Runnable finish = () -> assertThat(queue.complete(head, "n1", T0)).hasSize(1);
		Runnable add = () -> queue.enqueue(List.of(new QueueEntry(CHANNEL, "alice", "a2", T0)), T0);
		if (finishingFirst) {
			overlapping(finish, add);
		}
		else {
			overlapping(add, finish);
		}

		assertThat(heads(queue)).isEqualTo(1);
		assertThat(refs(claim(queue, "n1", 10, T0))).containsExactly("a2");
	}

	@Test
	default void oneCallQueuingToHundredsOfLanesOfAChannelGivesEachItsHead() {
		LaneQueue queue = newQueue();
		List<QueueEntry> entries = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			entries.add(new QueueEntry(CHANNEL, "lane-" + i, "first-" + i, T0));
			entries.add(new QueueEntry(CHANNEL, "lane-" + i, "second-" + i, T0));
		}
		transactions().executeWithoutResult((tx) -> queue.enqueue(entries, T0));

		List<Lease> first = claim(queue, "n1", 1000, T0);
		assertThat(first).hasSize(300).allMatch((lease) -> lease.ref().startsWith("first-"));
		complete(queue, first, "n1", T0);
		assertThat(claim(queue, "n1", 1000, T0)).hasSize(300).allMatch((lease) -> lease.ref().startsWith("second-"));
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
	default void theBacklogCountsEachChannelsItemsAndAgesItsOldestDueHeadNobodyHolds() {
		LaneQueue queue = newQueue();
		enqueue(queue, "alice", "a1", "a2");
		Instant later = T0.plusSeconds(30);
		transactions().executeWithoutResult((tx) -> queue.enqueue(
				List.of(new QueueEntry(CHANNEL, "bob", "b1", later), new QueueEntry("ch_other", "carol", "c1", later)),
				later));
		Lease alice = claim(queue, "n1", 1, later).get(0);
		assertThat(alice.ref()).isEqualTo("a1");

		Instant now = later.plusSeconds(10);
		assertThat(queue.backlog(now)).containsExactly(new LaneQueue.ChannelBacklog(CHANNEL, 3, later),
				new LaneQueue.ChannelBacklog("ch_other", 1, later));

		retryAt(queue, claim(queue, "n1", 1, now).get(0), "n1", now.plusSeconds(60));
		assertThat(queue.backlog(now)).as("every head of the channel is held or not yet due")
			.containsExactly(new LaneQueue.ChannelBacklog(CHANNEL, 3, null),
					new LaneQueue.ChannelBacklog("ch_other", 1, later));
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
	default void retryingManyHeadsAtOncePutsBackOnlyThoseThisNodeStillHolds() {
		LaneQueue queue = newQueue();
		enqueue(queue, "alice", "a1");
		enqueue(queue, "bob", "b1");
		List<Lease> mine = claim(queue, "n1", 10, T0);
		Instant later = T0.plus(LEASE);
		Lease takenOver = claim(queue, "n2", 1, later).get(0);
		Lease stillMine = mine.stream().filter((lease) -> lease.seq() != takenOver.seq()).findFirst().orElseThrow();
		Instant due = later.plusSeconds(10);

		Set<Long> retried = transactions().execute((tx) -> queue.retryAt(mine, "n1", due));

		assertThat(retried).containsExactly(stillMine.seq());
		assertThat(claim(queue, "n3", 10, due.minusMillis(1))).as("backing off; the other is n2's").isEmpty();
		assertThat(refs(claim(queue, "n3", 10, due))).containsExactly(stillMine.ref());
	}

	@Test
	default void anEmptiedLaneIsRemovedAndTheQueueCanFillItAgain() {
		LaneQueue queue = newQueue();
		enqueue(queue, "alice", "a1");
		assertThat(queue.channels()).containsExactly(CHANNEL);

		complete(queue, claim(queue, "n1", 10, T0), "n1", T0);

		assertThat(queue.depth()).isZero();
		assertThat(queue.channels()).isEmpty();
		assertThat(heads(queue)).isZero();
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
