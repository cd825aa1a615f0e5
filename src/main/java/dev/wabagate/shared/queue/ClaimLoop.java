package dev.wabagate.shared.queue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop of a queue: claims due lane heads channel by channel, as many as the
 * worker has room for, and runs each piece of work on its own virtual thread, at most
 * {@code maxInFlight} at once on this node. Channels take turns at the front of each
 * poll, so one channel's backlog does not take every permit. Polling goes on while it
 * starts work and stops when nothing is due; the caller schedules {@link #poll()}, and
 * may also call it when a piece of work ends, so that the room it leaves is filled at
 * once rather than at the next scheduled poll.
 */
public final class ClaimLoop {

	private static final Logger log = LoggerFactory.getLogger(ClaimLoop.class);

	/**
	 * How long the list of channels with lanes is reused. Walking the lanes cost
	 * PostgreSQL about 10 ms once they had churned (a busy queue leaves dead index
	 * entries at the front of each channel's range; measured on the lane table of before
	 * V32 in bench/run's webhooks phase), and polls run back to back under load. Channels
	 * this node queued to are added at once; another node's new channel waits at most
	 * this long.
	 */
	private static final long CHANNELS_REUSED_NANOS = Duration.ofSeconds(1).toNanos();

	private final LaneQueue queue;

	private final Worker worker;

	private final Settings settings;

	private final String node;

	private final Clock clock;

	private final Semaphore inFlight;

	private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

	private final Lock polling = new ReentrantLock();

	private final AtomicBoolean pollWanted = new AtomicBoolean();

	private int turn;

	private List<String> channels = List.of();

	private long channelsReadAtNanos;

	private boolean channelsRead;

	private volatile boolean stopping;

	public ClaimLoop(LaneQueue queue, Worker worker, Settings settings, String node, Clock clock) {
		this.queue = queue;
		this.worker = worker;
		this.settings = settings;
		this.node = node;
		this.clock = clock;
		this.inFlight = new Semaphore(settings.maxInFlight());
	}

	/** What a queue's work is: how much of it a channel may take now, and doing it. */
	public interface Worker {

		/**
		 * How many due heads of the channel to claim now, at most {@code capacity}; 0
		 * skips the channel this time (paced out, at its cap, disabled).
		 */
		int room(String channelId, int capacity, Instant now);

		/**
		 * Takes claimed heads of one channel and answers the work to do on them; it gives
		 * back ({@link LaneQueue#release}) any it does not work on.
		 */
		List<Work> start(String channelId, List<Lease> leases, Instant now, Instant leaseUntil);

	}

	/**
	 * A piece of work on claimed heads, run once {@code notBefore} has come (a send
	 * slot); until then it holds no permit. {@code abandon} gives its heads back if it is
	 * interrupted before it runs.
	 */
	public record Work(Instant notBefore, Runnable task, Runnable abandon) {

		/** Work to run at once. */
		public static Work now(Runnable task) {
			return new Work(Instant.EPOCH, task, () -> {
			});
		}

	}

	/**
	 * @param enabled whether this node works on the queue
	 * @param batchSize heads claimed per statement at most
	 * @param maxInFlight pieces of work running at once on this node (work waiting for
	 * its time, such as a send waiting for its pacing slot, is not counted)
	 * @param lease how long a claim is exclusive
	 */
	public record Settings(boolean enabled, int batchSize, int maxInFlight, Duration lease) {
	}

	/**
	 * Claims and starts what is due. Safe from any thread, and polls never overlap: one
	 * asked for while another runs makes that one poll once more.
	 */
	public void poll() {
		if (!this.settings.enabled() || this.stopping) {
			return;
		}
		this.pollWanted.set(true);
		while (this.pollWanted.get() && this.polling.tryLock()) {
			try {
				if (this.pollWanted.getAndSet(false)) {
					pollOnce();
				}
			}
			finally {
				this.polling.unlock();
			}
		}
	}

	private void pollOnce() {
		int started;
		do {
			started = 0;
			List<String> channels = new ArrayList<>(channels());
			if (!channels.isEmpty()) {
				Collections.rotate(channels, -(this.turn++ % channels.size()));
			}
			for (String channelId : channels) {
				int capacity = Math.min(this.settings.batchSize(), this.inFlight.availablePermits());
				if (capacity == 0 || this.stopping) {
					return;
				}
				Instant now = this.clock.instant();
				int room = Math.min(capacity, this.worker.room(channelId, capacity, now));
				if (room <= 0) {
					continue;
				}
				Instant leaseUntil = now.plus(this.settings.lease());
				List<Lease> leases = this.queue.claim(channelId, this.node, room, now, leaseUntil);
				if (!leases.isEmpty()) {
					for (Work work : this.worker.start(channelId, leases, now, leaseUntil)) {
						run(work);
						started++;
					}
				}
			}
		}
		while (started > 0 && !this.stopping);
	}

	/**
	 * The channels with lanes: read again when stale, else the last read plus the
	 * channels this node queued to since. An empty list is reused too: a queue that has
	 * just drained leaves its whole range of the heads index dead until it is vacuumed,
	 * and polls that found nothing to do used to walk it again each time (measured in
	 * bench/run after V32: 1 to 2 ms a walk, over 3,000 walks a run).
	 */
	private List<String> channels() {
		long now = System.nanoTime();
		Set<String> queuedTo = this.queue.takeChannelsQueuedTo();
		if (!this.channelsRead || now - this.channelsReadAtNanos >= CHANNELS_REUSED_NANOS) {
			this.channels = this.queue.channels();
			this.channelsReadAtNanos = now;
			this.channelsRead = true;
		}
		if (!this.channels.containsAll(queuedTo)) {
			Set<String> all = new LinkedHashSet<>(this.channels);
			all.addAll(queuedTo);
			this.channels = List.copyOf(all);
		}
		return this.channels;
	}

	/**
	 * Runs the work on a virtual thread once it holds a permit. Work that must wait for
	 * its time waits without one: the permits bound the work running at once (a
	 * provider's requests). A send waiting for its pacing slot used to hold one for up to
	 * the pacing horizon, so a node's 256 permits were taken by the sleeping sends of a
	 * channel or two while the other channels' queues grew (bench/run end to end: 1,574
	 * msg/s before, 2,366 after).
	 */
	private void run(Work work) {
		Duration wait = Duration.between(this.clock.instant(), work.notBefore());
		if (!wait.isPositive()) {
			this.inFlight.acquireUninterruptibly();
			this.workers.execute(() -> runHoldingPermit(work));
			return;
		}
		this.workers.execute(() -> {
			try {
				Thread.sleep(wait);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				work.abandon().run();
				return;
			}
			this.inFlight.acquireUninterruptibly();
			runHoldingPermit(work);
		});
	}

	private void runHoldingPermit(Work work) {
		try {
			work.task().run();
		}
		catch (RuntimeException ex) {
			log.error("Work on a claim of queue {} failed; it is done again when its lease expires", this.queue.name(),
					ex);
		}
		finally {
			this.inFlight.release();
		}
	}

	/** Stops claiming and waits up to {@code grace} for the work in flight. */
	public void stop(Duration grace) throws InterruptedException {
		this.stopping = true;
		this.workers.shutdown();
		if (!this.workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
			log.warn("Work of queue {} still running at shutdown; its leases expire and other nodes take it over",
					this.queue.name());
		}
	}

}
