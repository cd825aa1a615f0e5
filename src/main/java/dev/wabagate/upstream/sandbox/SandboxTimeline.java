package dev.wabagate.upstream.sandbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.upstream.UpstreamStatus;
import dev.wabagate.upstream.UpstreamStatus.Kind;
import dev.wabagate.upstream.UpstreamStatusHandler;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sandbox's durable schedule of the statuses WhatsApp will report. Any node reports
 * due statuses: each is claimed with {@code SKIP LOCKED}, reported and deleted in one
 * transaction, so it is reported once even with several nodes. Several workers drain in
 * parallel, like WhatsApp's webhook traffic, which is several times the send rate.
 */
@Component
class SandboxTimeline implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SandboxTimeline.class);

	private static final int BATCH = 200;

	private static final int WORKERS = 4;

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	private final TransactionTemplate transactions;

	private final UpstreamStatusHandler statusHandler;

	private final JsonMapper json;

	private final Clock clock;

	private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

	SandboxTimeline(JdbcClient jdbc, JdbcTemplate batches, TransactionTemplate transactions,
			UpstreamStatusHandler statusHandler, JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.batches = batches;
		this.transactions = transactions;
		this.statusHandler = statusHandler;
		this.json = json;
		this.clock = clock;
	}

	/** A status WhatsApp will report, and when. */
	record Due(String channelId, String wamid, Kind status, Instant dueAt, @Nullable Integer errorCode,
			@Nullable String errorTitle, @Nullable String errorDetails) {

		static Due of(String channelId, String wamid, Kind status, Instant dueAt) {
			return new Due(channelId, wamid, status, dueAt, null, null, null);
		}

	}

	/** Schedules statuses in one statement batch, in the caller's transaction. */
	void schedule(List<Due> statuses) {
		if (statuses.isEmpty()) {
			return;
		}
		this.batches.batchUpdate(
				"insert into sandbox_jobs (channel_id, due_at, kind, payload) values (?, ?, 'status', ?)",
				statuses.stream()
					.map((due) -> new Object[] { due.channelId(), Timestamp.from(due.dueAt()),
							payload(due.wamid(), due.status(), due.errorCode(), due.errorTitle(), due.errorDetails()) })
					.toList());
	}

	private String payload(String wamid, Kind status, @Nullable Integer errorCode, @Nullable String errorTitle,
			@Nullable String errorDetails) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("upstream_id", wamid);
		payload.put("status", status.wireName());
		payload.put("error_code", errorCode);
		payload.put("error_title", errorTitle);
		payload.put("error_details", errorDetails);
		return this.json.writeValueAsString(payload);
	}

	@Scheduled(fixedDelayString = "${wabagate.sandbox.poll-interval:100ms}")
	void reportDueStatuses() throws InterruptedException {
		List<Future<?>> running = IntStream.range(0, WORKERS)
			.<Future<?>>mapToObj((worker) -> this.workers.submit(this::drain))
			.toList();
		for (Future<?> worker : running) {
			try {
				worker.get();
			}
			catch (ExecutionException ex) {
				log.warn("Reporting sandbox statuses failed; they stay due and are retried", ex.getCause());
			}
		}
	}

	private void drain() {
		Integer reported;
		do {
			reported = this.transactions.execute((tx) -> reportBatch());
		}
		while (reported != null && reported == BATCH);
	}

	private int reportBatch() {
		List<Job> jobs = this.jdbc.sql("""
				select id, channel_id, payload, due_at from sandbox_jobs
				where due_at <= ? order by due_at, id limit ? for update skip locked""")
			.params(Timestamp.from(this.clock.instant()), BATCH)
			.query((rs, i) -> new Job(rs.getLong(1), rs.getString(2), this.json.readTree(rs.getString(3)),
					rs.getTimestamp(4).toInstant()))
			.list();
		if (jobs.isEmpty()) {
			return 0;
		}
		this.jdbc.sql("delete from sandbox_jobs where id = any(?)")
			.param(new SqlArrayValue("bigint", jobs.stream().map(Job::id).toArray()))
			.update();
		// Messages in one order in every worker: concurrent workers never wait on each
		// other in a cycle.
		this.statusHandler.onStatuses(jobs.stream()
			.sorted(Comparator.comparing(Job::upstreamId).thenComparing(Job::dueAt).thenComparing(Job::id))
			.map(Job::toStatus)
			.toList());
		return jobs.size();
	}

	@Override
	public void destroy() {
		this.workers.shutdownNow();
	}

	private record Job(long id, String channelId, JsonNode payload, Instant dueAt) {

		String upstreamId() {
			return this.payload.get("upstream_id").asString();
		}

		UpstreamStatus toStatus() {
			Kind kind = Kind.fromWire(this.payload.get("status").asString()).orElseThrow();
			return new UpstreamStatus(this.channelId, upstreamId(), kind, this.dueAt,
					intOrNull(this.payload.get("error_code")), textOrNull(this.payload.get("error_title")),
					textOrNull(this.payload.get("error_details")));
		}

		private static @Nullable Integer intOrNull(@Nullable JsonNode node) {
			return (node == null || node.isNull()) ? null : node.asInt();
		}

		private static @Nullable String textOrNull(@Nullable JsonNode node) {
			return (node == null || node.isNull()) ? null : node.asString();
		}

	}

}
