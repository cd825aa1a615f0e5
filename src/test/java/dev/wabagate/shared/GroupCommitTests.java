package dev.wabagate.shared;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.wabagate.support.PostgresGatewayTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outcomes that arrive while a group is being recorded are recorded together in the next
 * transaction; when that fails, each is recorded alone, so only the bad one is lost.
 */
class GroupCommitTests extends PostgresGatewayTest {

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void outcomesWaitingTogetherShareOneTransactionAndABadOneFailsAlone() throws Exception {
		this.jdbc.sql("create table if not exists group_commit_outcomes (id int primary key)").update();
		this.jdbc.sql("delete from group_commit_outcomes").update();
		CountDownLatch firstRecording = new CountDownLatch(1);
		CountDownLatch releaseFirst = new CountDownLatch(1);
		List<Integer> failed = new CopyOnWriteArrayList<>();
		List<List<Integer>> groups = Collections.synchronizedList(new ArrayList<>());
		GroupCommit<Integer> commit = new GroupCommit<>(this.transactions, (group) -> {
			groups.add(List.copyOf(group));
			if (group.contains(1)) {
				firstRecording.countDown();
				await(releaseFirst);
			}
			for (int id : group) {
				// Outcome 3 breaks its transaction, as a bad record would.
				this.jdbc.sql("insert into group_commit_outcomes (id) values (?)").param((id == 3) ? 2 : id).update();
			}
		}, (outcome, ex) -> failed.add(outcome));

		Thread first = Thread.ofVirtual().start(() -> commit.record(1));
		firstRecording.await();
		List<Thread> others = new ArrayList<>();
		for (int id : List.of(2, 3, 4)) {
			Thread other = Thread.ofPlatform().start(() -> commit.record(id));
			others.add(other);
			while (other.getState() != Thread.State.WAITING) {
				Thread.onSpinWait();
			}
		}
		releaseFirst.countDown();
		first.join();
		for (Thread other : others) {
			other.join();
		}

		assertThat(groups.get(0)).containsExactly(1);
		assertThat(groups.get(1)).containsExactlyInAnyOrder(2, 3, 4);
		assertThat(failed).containsExactly(3);
		assertThat(this.jdbc.sql("select id from group_commit_outcomes order by id").query(Integer.class).list())
			.containsExactly(1, 2, 4);
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
