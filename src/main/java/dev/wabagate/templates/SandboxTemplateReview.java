package dev.wabagate.templates;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sandbox's template reviewer. Due reviews are claimed with {@code SKIP LOCKED} and
 * decided in the same transaction that deletes them, so each template gets one verdict
 * even with several nodes, and a restart loses none. A name containing "reject" is
 * rejected, so developers can exercise their rejection handling.
 */
@Component
class SandboxTemplateReview {

	private static final int BATCH = 100;

	static final String REJECTION_REASON = "INVALID_FORMAT";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final TemplateCatalogue catalogue;

	private final Clock clock;

	SandboxTemplateReview(JdbcClient jdbc, TransactionTemplate transactions, TemplateCatalogue catalogue, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.catalogue = catalogue;
		this.clock = clock;
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
		List<String> due = this.jdbc.sql("""
				select template_id from template_reviews where due_at <= ?
				order by due_at limit ? for update skip locked""")
			.params(Timestamp.from(this.clock.instant()), BATCH)
			.query(String.class)
			.list();
		for (String templateId : due) {
			this.jdbc.sql("delete from template_reviews where template_id = ?").param(templateId).update();
			String name = this.jdbc.sql("select name from templates where id = ?")
				.param(templateId)
				.query(String.class)
				.optional()
				.orElse("");
			if (name.toLowerCase(Locale.ROOT).contains("reject")) {
				this.catalogue.changeStatus(templateId, StoredTemplate.REJECTED, REJECTION_REASON);
			}
			else {
				this.catalogue.changeStatus(templateId, StoredTemplate.APPROVED, null);
			}
		}
		return due.size();
	}

}
