package dev.wabagate.upstream.sandbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.shared.EpochMicros;
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

	/**
	 * How long a status naming a message id the gateway has not recorded is offered
	 * again.
	 */
	private static final Duration OFFER_AGAIN_FOR = Duration.ofSeconds(30);

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	private final TransactionTemplate transactions;

	private final UpstreamStatusHandler statusHandler;

	private final JsonMapper json;

	private final Clock clock;

	private final Duration pollInterval;

	private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

	SandboxTimeline(JdbcClient jdbc, JdbcTemplate batches, TransactionTemplate transactions,
			UpstreamStatusHandler statusHandler, JsonMapper json, SandboxProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.batches = batches;
		this.transactions = transactions;
		this.statusHandler = statusHandler;
		this.json = json;
		this.pollInterval = properties.pollInterval();
		this.clock = clock;
	}

	/** A status WhatsApp will report, and when. */
	record Due(String channelId, String wamid, Kind status, Instant dueAt, @Nullable Integer errorCode,
			@Nullable String errorTitle, @Nullable String errorDetails) {

		static Due of(String channelId, String wamid, Kind status, Instant dueAt) {
			return new Due(channelId, wamid, status, dueAt, null, null, null);
		}

		UpstreamStatus toReport() {
			return new UpstreamStatus(this.channelId, this.wamid, this.status, this.dueAt, this.errorCode,
					this.errorTitle, this.errorDetails);
		}

	}

	/**
	 * Schedules statuses in one insert whatever their number, in the caller's
	 * transaction: one row per message, holding its statuses in order, due when the first
	 * of them is but not before the next poll. By then the gateway has usually recorded
	 * the message id of the send's answer, so the report finds its message rather than
	 * being offered again; WhatsApp's webhooks, too, come after the send's answer. The
	 * statuses keep their own times.
	 */
	void schedule(List<Due> statuses) {
		if (statuses.isEmpty()) {
			return;
		}
		Instant nextPoll = this.clock.instant().plus(this.pollInterval);
		Map<String, List<Due>> byMessage = new LinkedHashMap<>();
		for (Due due : statuses) {
			byMessage.computeIfAbsent(due.wamid(), (wamid) -> new ArrayList<>(3)).add(due);
		}
		int size = byMessage.size();
		String[] channelIds = new String[size];
		Long[] dueAt = new Long[size];
		String[] payloads = new String[size];
		int i = 0;
		for (Map.Entry<String, List<Due>> message : byMessage.entrySet()) {
			Due first = message.getValue().get(0);
			channelIds[i] = first.channelId();
			dueAt[i] = EpochMicros.of(first.dueAt().isAfter(nextPoll) ? first.dueAt() : nextPoll);
			payloads[i] = payload(message.getKey(), message.getValue());
			i++;
		}
		this.jdbc.sql(SCHEDULE)
			.params(new SqlArrayValue("varchar", (Object[]) channelIds), new SqlArrayValue("bigint", (Object[]) dueAt),
					new SqlArrayValue("varchar", (Object[]) payloads))
			.update();
	}

	private static final String SCHEDULE = """
			insert into sandbox_jobs (channel_id, due_at, kind, payload)
			select j.channel_id, %s, 'status', j.payload
			from unnest(cast(? as varchar array), cast(? as bigint array), cast(? as varchar array))
			    with ordinality as j (channel_id, due_at, payload, n)
			order by j.n""".formatted(EpochMicros.toTimestamp("j.due_at"));

	private String payload(String wamid, List<Due> statuses) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("upstream_id", wamid);
		payload.put("statuses", statuses.stream().map((due) -> {
			Map<String, Object> status = new LinkedHashMap<>();
			status.put("status", due.status().wireName());
			status.put("at", due.dueAt().toEpochMilli());
			status.put("error_code", due.errorCode());
			status.put("error_title", due.errorTitle());
			status.put("error_details", due.errorDetails());
			return status;
		}).toList());
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
		Instant now = this.clock.instant();
		List<Job> jobs = this.jdbc.sql("""
				select id, channel_id, payload, due_at from sandbox_jobs
				where due_at <= ? order by due_at, id limit ? for update skip locked""")
			.params(Timestamp.from(now), BATCH)
			.query((rs, i) -> Job.of(rs.getLong(1), rs.getString(2), this.json.readTree(rs.getString(3)),
					rs.getTimestamp(4).toInstant()))
			.list();
		if (jobs.isEmpty()) {
			return 0;
		}
		List<Job> sorted = jobs.stream().sorted(Comparator.comparing(Job::upstreamId).thenComparing(Job::id)).toList();
		List<UpstreamStatus> reports = new ArrayList<>();
		List<UpstreamStatus> lastOffers = new ArrayList<>();
		for (Job job : sorted) {
			List<UpstreamStatus> due = job.dueBy(now);
			// A message id the gateway has not recorded yet is offered again
			// shortly, for a while; then the report goes to the gateway to keep, as
			// WhatsApp gives up too.
			(job.firstDueAt().isBefore(now.minus(OFFER_AGAIN_FOR)) ? lastOffers : reports).addAll(due);
		}
		// Messages in one order in every worker: concurrent workers never wait on each
		// other in a cycle.
		Set<String> unknown = this.statusHandler.applyKnown(reports)
			.stream()
			.map(UpstreamStatus::upstreamMessageId)
			.collect(Collectors.toSet());
		if (!lastOffers.isEmpty()) {
			this.statusHandler.onStatuses(lastOffers);
		}
		List<Long> done = new ArrayList<>();
		List<Object[]> later = new ArrayList<>();
		Timestamp offerAgainAt = Timestamp.from(now.plus(this.pollInterval));
		for (Job job : sorted) {
			if (unknown.contains(job.upstreamId())) {
				later.add(new Object[] { offerAgainAt, payload(job.upstreamId(), job.statuses()), job.id() });
				continue;
			}
			List<Due> rest = job.notDueBy(now);
			if (rest.isEmpty()) {
				done.add(job.id());
			}
			else {
				later.add(new Object[] { Timestamp.from(rest.get(0).dueAt()), payload(job.upstreamId(), rest),
						job.id() });
			}
		}
		if (!done.isEmpty()) {
			this.jdbc.sql("delete from sandbox_jobs where id = any(?)")
				.param(new SqlArrayValue("bigint", done.toArray()))
				.update();
		}
		if (!later.isEmpty()) {
			this.batches.batchUpdate("update sandbox_jobs set due_at = ?, payload = ? where id = ?", later);
		}
		return jobs.size();
	}

	@Override
	public void destroy() {
		this.workers.shutdownNow();
	}

	/** A message's statuses still to report, in order. */
	private record Job(long id, String upstreamId, List<Due> statuses) {

		List<UpstreamStatus> dueBy(Instant now) {
			return this.statuses.stream().filter((due) -> !due.dueAt().isAfter(now)).map(Due::toReport).toList();
		}

		List<Due> notDueBy(Instant now) {
			return this.statuses.stream().filter((due) -> due.dueAt().isAfter(now)).toList();
		}

		Instant firstDueAt() {
			return this.statuses.get(0).dueAt();
		}

		/**
		 * Reads a row; a row scheduled by an earlier version holds one status, due at the
		 * row's time.
		 */
		static Job of(long id, String channelId, JsonNode payload, Instant dueAt) {
			String upstreamId = payload.get("upstream_id").asString();
			if (!payload.has("statuses")) {
				return new Job(id, upstreamId, List.of(due(channelId, upstreamId, payload, dueAt)));
			}
			List<Due> statuses = new ArrayList<>();
			for (JsonNode status : payload.get("statuses")) {
				statuses.add(due(channelId, upstreamId, status, Instant.ofEpochMilli(status.get("at").asLong())));
			}
			return new Job(id, upstreamId, statuses);
		}

		private static Due due(String channelId, String upstreamId, JsonNode status, Instant dueAt) {
			return new Due(channelId, upstreamId, Kind.fromWire(status.get("status").asString()).orElseThrow(), dueAt,
					intOrNull(status.get("error_code")), textOrNull(status.get("error_title")),
					textOrNull(status.get("error_details")));
		}

		private static @Nullable Integer intOrNull(@Nullable JsonNode node) {
			return (node == null || node.isNull()) ? null : node.asInt();
		}

		private static @Nullable String textOrNull(@Nullable JsonNode node) {
			return (node == null || node.isNull()) ? null : node.asString();
		}

	}

}
