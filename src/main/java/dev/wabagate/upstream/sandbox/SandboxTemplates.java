package dev.wabagate.upstream.sandbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.Channel;
import dev.wabagate.shared.ApiException;
import dev.wabagate.upstream.ProviderTemplate;
import dev.wabagate.upstream.TemplateStatusReported;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sandbox's side of templates, played like WhatsApp Manager: its own catalogue per
 * channel, and a reviewer that approves a submitted template after
 * {@code wabagate.sandbox.template-review-delay} (or rejects it with
 * {@code INVALID_FORMAT} when its name contains "reject", so developers can exercise
 * their rejection handling). A verdict is reported as Meta's webhook reports one
 * ({@link TemplateStatusReported}). Due reviews are claimed with {@code SKIP LOCKED} and
 * decided in the transaction that records them, so each template gets one verdict with
 * several nodes, and a restart loses none.
 */
@Component
class SandboxTemplates {

	static final String REJECTION_REASON = "INVALID_FORMAT";

	private static final int BATCH = 100;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final AccountService accounts;

	private final JsonMapper json;

	private final Clock clock;

	private final Duration reviewDelay;

	SandboxTemplates(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events,
			AccountService accounts, JsonMapper json, Clock clock,
			@Value("${wabagate.sandbox.template-review-delay:2s}") Duration reviewDelay) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.events = events;
		this.accounts = accounts;
		this.json = json;
		this.clock = clock;
		this.reviewDelay = reviewDelay;
	}

	/**
	 * Joins the caller's transaction, so the catalogue's row and this one commit
	 * together.
	 */
	ProviderTemplate submit(Channel channel, String name, String language, String category, JsonNode components) {
		// Numeric, like Meta's template ids.
		String id = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000_000L, 999_999_999_999_999L));
		int added = this.jdbc.sql("""
				insert into sandbox_templates (provider_template_id, channel_id, name, language, category, components,
				    status, review_due_at)
				values (?, ?, ?, ?, ?, ?, 'PENDING', ?) on conflict do nothing""")
			.params(id, channel.id(), name, language, category, components.toString(),
					Timestamp.from(this.clock.instant().plus(this.reviewDelay)))
			.update();
		if (added == 0) {
			throw ApiException.invalid("name", "unique", null, "The sandbox already has a template named '" + name
					+ "' in language '" + language + "' on this channel");
		}
		return new ProviderTemplate(id, name, language, category, "PENDING", null, components);
	}

	void delete(Channel channel, String name, @Nullable String providerTemplateId) {
		this.jdbc.sql("""
				delete from sandbox_templates where channel_id = ? and name = ?
				    and (cast(? as varchar(64)) is null or provider_template_id = ?)""")
			.params(channel.id(), name, providerTemplateId, providerTemplateId)
			.update();
	}

	List<ProviderTemplate> all(Channel channel) {
		return this.jdbc.sql("""
				select provider_template_id, name, language, category, status, rejected_reason, components
				from sandbox_templates where channel_id = ? order by name, language""")
			.param(channel.id())
			.query((rs, i) -> new ProviderTemplate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getString(5), rs.getString(6), this.json.readTree(rs.getString(7))))
			.list();
	}

	/**
	 * A template made outside Wabagate (as in WhatsApp Manager), already approved: the
	 * catalogue learns of it by syncing.
	 */
	ProviderTemplate addApproved(Channel channel, String name, String language, String category, JsonNode components) {
		ProviderTemplate submitted = this.transactions
			.execute((tx) -> submit(channel, name, language, category, components));
		this.jdbc.sql(
				"update sandbox_templates set status = 'APPROVED', review_due_at = null where provider_template_id = ?")
			.param(submitted.providerId())
			.update();
		return new ProviderTemplate(submitted.providerId(), name, language, category, "APPROVED", null, components);
	}

	@Scheduled(fixedDelayString = "${wabagate.sandbox.poll-interval:100ms}")
	void decideDueReviews() {
		Integer decided;
		do {
			decided = this.transactions.execute((tx) -> decideBatch());
		}
		while (decided != null && decided == BATCH);
	}

	private int decideBatch() {
		Instant now = this.clock.instant();
		List<Due> due = this.jdbc.sql("""
				select provider_template_id, channel_id, name, language from sandbox_templates
				where review_due_at <= ? order by review_due_at limit ? for update skip locked""")
			.params(Timestamp.from(now), BATCH)
			.query((rs, i) -> new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
			.list();
		for (Due template : due) {
			boolean rejected = template.name().toLowerCase(Locale.ROOT).contains("reject");
			String status = rejected ? "REJECTED" : "APPROVED";
			String reason = rejected ? REJECTION_REASON : "NONE";
			this.jdbc.sql("""
					update sandbox_templates set status = ?, rejected_reason = ?, review_due_at = null
					where provider_template_id = ?""")
				.params(status, rejected ? REJECTION_REASON : null, template.id())
				.update();
			this.accounts.findChannel(template.channelId())
				.ifPresent((channel) -> this.events.publishEvent(new TemplateStatusReported(channel.wabaId(),
						template.id(), template.name(), template.language(), status, reason)));
		}
		return due.size();
	}

	private record Due(String id, String channelId, String name, String language) {
	}

}
