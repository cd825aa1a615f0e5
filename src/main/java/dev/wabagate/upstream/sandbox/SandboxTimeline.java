package dev.wabagate.upstream.sandbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.upstream.UpstreamStatus;
import dev.wabagate.upstream.UpstreamStatusHandler;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sandbox's durable schedule of what WhatsApp will report. Any node reports due
 * events: claimed with {@code SKIP LOCKED}, reported and deleted in one transaction, so
 * each is reported once even with several nodes.
 */
@Component
class SandboxTimeline {

	private static final Logger log = LoggerFactory.getLogger(SandboxTimeline.class);

	private static final int BATCH = 500;

	private static final Duration EARLY_REPORT_RETRY = Duration.ofMillis(500);

	private static final int MAX_EARLY_RETRIES = 120;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final UpstreamStatusHandler statusHandler;

	private final JsonMapper json;

	private final Clock clock;

	SandboxTimeline(JdbcClient jdbc, TransactionTemplate transactions, UpstreamStatusHandler statusHandler,
			JsonMapper json, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.statusHandler = statusHandler;
		this.json = json;
		this.clock = clock;
	}

	void scheduleStatus(String channelId, String wamid, String status, Instant dueAt, @Nullable Integer errorCode,
			@Nullable String errorTitle, @Nullable String errorDetails) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("upstream_id", wamid);
		payload.put("status", status);
		payload.put("error_code", errorCode);
		payload.put("error_title", errorTitle);
		payload.put("error_details", errorDetails);
		payload.put("early_retries", 0);
		insert(channelId, "status", this.json.writeValueAsString(payload), dueAt);
	}

	private void insert(String channelId, String kind, String payload, Instant dueAt) {
		this.jdbc.sql("insert into sandbox_jobs (channel_id, due_at, kind, payload) values (?, ?, ?, ?)")
			.params(channelId, Timestamp.from(dueAt), kind, payload)
			.update();
	}

	@Scheduled(fixedDelayString = "${wabagate.sandbox.poll-interval:100ms}")
	void reportDueEvents() {
		int reported;
		do {
			Integer count = this.transactions.execute((tx) -> reportBatch());
			reported = (count != null) ? count : 0;
		}
		while (reported == BATCH);
	}

	private int reportBatch() {
		Instant now = this.clock.instant();
		List<Job> jobs = this.jdbc.sql("""
				select id, channel_id, kind, payload, due_at from sandbox_jobs
				where due_at <= ? order by due_at, id limit ? for update skip locked""")
			.params(Timestamp.from(now), BATCH)
			.query((rs, i) -> new Job(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getTimestamp(5).toInstant()))
			.list();
		for (Job job : jobs) {
			this.jdbc.sql("delete from sandbox_jobs where id = ?").param(job.id()).update();
			if ("status".equals(job.kind())) {
				reportStatus(job, now);
			}
		}
		return jobs.size();
	}

	private void reportStatus(Job job, Instant now) {
		JsonNode payload = this.json.readTree(job.payload());
		UpstreamStatus status = new UpstreamStatus(job.channelId(), payload.get("upstream_id").asString(),
				payload.get("status").asString(), job.dueAt(), intOrNull(payload.get("error_code")),
				textOrNull(payload.get("error_title")), textOrNull(payload.get("error_details")));
		if (this.statusHandler.onStatus(status)) {
			return;
		}
		// The dispatcher has not yet recorded this wamid: WhatsApp answered faster than
		// we did.
		int retries = payload.get("early_retries").asInt();
		if (retries >= MAX_EARLY_RETRIES) {
			log.warn("Dropping sandbox status {} for unknown message {}", status.status(), status.upstreamMessageId());
			return;
		}
		((tools.jackson.databind.node.ObjectNode) payload).put("early_retries", retries + 1);
		insert(job.channelId(), job.kind(), this.json.writeValueAsString(payload), now.plus(EARLY_REPORT_RETRY));
	}

	private static @Nullable Integer intOrNull(@Nullable JsonNode node) {
		return (node == null || node.isNull()) ? null : node.asInt();
	}

	private static @Nullable String textOrNull(@Nullable JsonNode node) {
		return (node == null || node.isNull()) ? null : node.asString();
	}

	private record Job(long id, String channelId, String kind, String payload, Instant dueAt) {
	}

}
