package dev.wabagate.shared.queue;

import java.time.Duration;
import java.util.Collection;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * H2, the embedded database of one process: locks in this JVM, a fixed set of stripes a
 * lane is hashed onto, each held from the first statement that needs it until the
 * transaction completes (after its commit or rollback). A transaction takes the stripes
 * of one call in ascending order; one that waits longer than {@link #WAIT} (two
 * transactions that each went on to lock what the other holds) fails as a database lock
 * timeout would, and rolls back. Removing a channel takes every stripe.
 */
final class InProcessLaneLocks implements LaneLocks {

	static final int STRIPES = 1024;

	static final Duration WAIT = Duration.ofSeconds(10);

	private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

	InProcessLaneLocks() {
		for (int i = 0; i < STRIPES; i++) {
			this.stripes[i] = new ReentrantLock();
		}
	}

	@Override
	public void lockLanes(String queue, Collection<Lane> lanes, boolean withoutSequentialScans) {
		SortedSet<Integer> wanted = new TreeSet<>();
		lanes.forEach((lane) -> wanted.add(Math.floorMod(lane.lockKey(queue), STRIPES)));
		take(wanted);
	}

	@Override
	public void lockChannel(String queue, String channelId) {
		SortedSet<Integer> all = new TreeSet<>();
		for (int i = 0; i < STRIPES; i++) {
			all.add(i);
		}
		take(all);
	}

	private void take(SortedSet<Integer> wanted) {
		SortedSet<Integer> held = heldByThisTransaction();
		for (int stripe : wanted) {
			if (held.contains(stripe)) {
				continue;
			}
			try {
				if (!this.stripes[stripe].tryLock(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
					throw new CannotAcquireLockException("A lane of the queue stayed locked for " + WAIT
							+ " (another transaction holds it, perhaps waiting on this one)");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new CannotAcquireLockException("Interrupted waiting for a lane of the queue", ex);
			}
			held.add(stripe);
		}
	}

	@SuppressWarnings("unchecked")
	private SortedSet<Integer> heldByThisTransaction() {
		Object bound = TransactionSynchronizationManager.getResource(this);
		if (bound != null) {
			return (SortedSet<Integer>) bound;
		}
		SortedSet<Integer> held = new TreeSet<>();
		TransactionSynchronizationManager.bindResource(this, held);
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				TransactionSynchronizationManager.unbindResourceIfPossible(InProcessLaneLocks.this);
				held.forEach((stripe) -> InProcessLaneLocks.this.stripes[stripe].unlock());
			}
		});
		return held;
	}

}
