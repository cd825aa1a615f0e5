package dev.wabagate.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for outcomes that many threads finish at once (sends, webhook requests):
 * while one thread records a group in one transaction, the next group gathers, so a busy
 * node pays one commit for many outcomes instead of one each. When
 * {@link #record(Object)} returns, the outcome is committed, by this thread or another. A
 * group that fails is recorded again outcome by outcome, so one bad record does not undo
 * the others'; an outcome that fails on its own goes to {@code failed} (its lease then
 * expires and the work is done again).
 *
 * @param <T> one outcome
 */
public final class GroupCommit<T> {

	private final TransactionTemplate transactions;

	private final Consumer<List<T>> recordAll;

	private final BiConsumer<T, RuntimeException> failed;

	private final BlockingQueue<T> waiting = new LinkedBlockingQueue<>();

	private final Lock recording = new ReentrantLock();

	/**
	 * @param recordAll records a group; runs inside the group's transaction
	 * @param failed told about an outcome that could not be recorded even alone
	 */
	public GroupCommit(TransactionTemplate transactions, Consumer<List<T>> recordAll,
			BiConsumer<T, RuntimeException> failed) {
		this.transactions = transactions;
		this.recordAll = recordAll;
		this.failed = failed;
	}

	public void record(T outcome) {
		this.waiting.add(outcome);
		this.recording.lock();
		try {
			List<T> group = new ArrayList<>();
			this.waiting.drainTo(group);
			if (!group.isEmpty()) {
				recordGroup(group);
			}
		}
		finally {
			this.recording.unlock();
		}
	}

	private void recordGroup(List<T> group) {
		try {
			this.transactions.executeWithoutResult((tx) -> this.recordAll.accept(group));
		}
		catch (RuntimeException ex) {
			if (group.size() == 1) {
				this.failed.accept(group.get(0), ex);
				return;
			}
			for (T one : group) {
				recordGroup(List.of(one));
			}
		}
	}

}
