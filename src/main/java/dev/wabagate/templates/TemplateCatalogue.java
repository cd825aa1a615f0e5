package dev.wabagate.templates;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.Channel;
import dev.wabagate.accounts.ProviderKind;
import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.CacheGenerations;
import dev.wabagate.shared.Ids;
import dev.wabagate.upstream.TemplateStatusReported;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The templates of each channel. Creation stores a template as {@code PENDING}; on
 * sandbox channels a durable review row makes it {@code APPROVED} (or {@code REJECTED}
 * when its name contains "reject") after {@code wabagate.sandbox.template-review-delay}.
 */
@Service
public class TemplateCatalogue {

	static final int TEMPLATE_NOT_FOUND = 132001;

	static final int PARAMETER_COUNT_MISMATCH = 132000;

	static final int TEMPLATE_PAUSED = 132015;

	static final int TEMPLATE_DISABLED = 132016;

	/** The row of {@code cache_generations} that template changes bump. */
	private static final String CACHE = "templates";

	private static final String SELECT = """
			select id, channel_id, name, language, category, components, status, rejected_reason, body_params,
			    header_params, created_at from templates""";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final AccountService accounts;

	private final TemplateValidator validator;

	private final Clock clock;

	private final Duration reviewDelay;

	private final CacheGenerations generations;

	/** A channel's templates of one name (every language), read on each template send. */
	private final CacheGenerations.Cache<NameOnChannel, List<StoredTemplate>> byName;

	TemplateCatalogue(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events,
			AccountService accounts, TemplatesProperties properties, Clock clock,
			@Value("${wabagate.sandbox.template-review-delay:2s}") Duration reviewDelay, CacheGenerations generations) {
		this.jdbc = jdbc;
		this.generations = generations;
		this.byName = generations.cache(CACHE, 10_000);
		this.transactions = transactions;
		this.events = events;
		this.accounts = accounts;
		this.validator = new TemplateValidator(properties.languages());
		this.clock = clock;
		this.reviewDelay = reviewDelay;
	}

	/**
	 * Refuses a template message unless the channel has that template, approved, in that
	 * exact language, with as many parameters as it has variables.
	 * @param headerParamCount parameters given for the header: one for a media header,
	 * one per variable for a text header
	 */
	public void checkSendable(String channelId, String name, String languageCode, int bodyParamCount,
			int headerParamCount) {
		List<StoredTemplate> named = this.byName.get(new NameOnChannel(channelId, name),
				(key) -> this.jdbc.sql(SELECT + " where channel_id = ? and name = ? order by language")
					.params(key.channelId(), key.name())
					.query(TemplateCatalogue::template)
					.list());
		StoredTemplate template = named.stream()
			.filter((t) -> t.language().equals(languageCode))
			.findFirst()
			.orElseThrow(() -> refusal(TEMPLATE_NOT_FOUND, "Template name does not exist in the translation",
					named.isEmpty() ? "There is no template named '" + name + "' on this channel"
							: "Template '" + name + "' has no translation '" + languageCode + "' (it has "
									+ named.stream().map(StoredTemplate::language).toList() + ")"));
		switch (template.status()) {
			case StoredTemplate.APPROVED -> {
			}
			case "PAUSED" -> throw refusal(TEMPLATE_PAUSED, "Template is paused",
					"Template '" + name + "' (" + languageCode + ") is paused");
			case "DISABLED" -> throw refusal(TEMPLATE_DISABLED, "Template is disabled",
					"Template '" + name + "' (" + languageCode + ") is disabled");
			default -> throw refusal(TEMPLATE_NOT_FOUND, "Template name does not exist in the translation", "Template '"
					+ name + "' (" + languageCode + ") is not approved: its status is " + template.status());
		}
		if (template.bodyParams() != bodyParamCount || template.headerParams() != headerParamCount) {
			throw refusal(PARAMETER_COUNT_MISMATCH, "Number of parameters does not match the expected number of params",
					"Template '" + name + "' (" + languageCode + ") expects " + template.bodyParams()
							+ " body parameter(s) and " + template.headerParams() + " header parameter(s); got "
							+ bodyParamCount + " and " + headerParamCount);
		}
	}

	private record NameOnChannel(String channelId, String name) {
	}

	private static ApiException refusal(int code, String title, String details) {
		return new ApiException(HttpStatus.BAD_REQUEST, "template", details,
				List.of(new ApiError(code, title, details, "template", null, null)));
	}

	/** A new template and what was lenient about its request. */
	public record Created(StoredTemplate template, List<String> warnings) {
	}

	public Created create(Channel channel, JsonNode body) {
		NewTemplate template = this.validator.validate(body);
		Instant now = this.clock.instant();
		String id = Ids.next("tpl");
		try {
			this.transactions.executeWithoutResult((tx) -> {
				if (find(channel.id(), template.name(), template.language()) != null) {
					throw duplicate(template);
				}
				this.jdbc.sql("""
						insert into templates (id, channel_id, name, language, category, requested_category,
						    components, status, body_params, header_params, created_at, updated_at)
						values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
					.params(id, channel.id(), template.name(), template.language(), template.category(),
							template.requestedCategory(), template.components().toString(), StoredTemplate.PENDING,
							template.bodyParams(), template.headerParams(), Timestamp.from(now), Timestamp.from(now))
					.update();
				this.generations.changed(CACHE);
				if (channel.provider() == ProviderKind.SANDBOX) {
					this.jdbc.sql("insert into template_reviews (template_id, due_at) values (?, ?)")
						.params(id, Timestamp.from(now.plus(this.reviewDelay)))
						.update();
				}
			});
		}
		catch (DuplicateKeyException ex) {
			throw duplicate(template);
		}
		return new Created(find(channel.id(), template.name(), template.language()), template.warnings());
	}

	private static ApiException duplicate(NewTemplate template) {
		return ApiException.conflict("A template named '" + template.name() + "' in language '" + template.language()
				+ "' already exists on this channel; choose another name or delete it first");
	}

	/** One page of a channel's templates and how many there are in all. */
	public record Page(List<StoredTemplate> templates, int total) {
	}

	/**
	 * Meta's list filters; a null filter matches every template.
	 *
	 * @param status a Cloud API status (APPROVED, PENDING, REJECTED, ...)
	 */
	public record Filter(@Nullable String name, @Nullable String status, @Nullable String category,
			@Nullable String language) {
	}

	/** The channel's templates matching every given filter, oldest first. */
	public Page search(Channel channel, Filter filter, int limit, int offset) {
		StringBuilder where = new StringBuilder(" where channel_id = ?");
		List<Object> params = new ArrayList<>(List.of(channel.id()));
		if (filter.name() != null) {
			where.append(" and name = ?");
			params.add(filter.name());
		}
		if (filter.status() != null) {
			where.append(" and status = ?");
			params.add(filter.status().toUpperCase(Locale.ROOT));
		}
		if (filter.category() != null) {
			where.append(" and category = ?");
			params.add(filter.category().toUpperCase(Locale.ROOT));
		}
		if (filter.language() != null) {
			where.append(" and language = ?");
			params.add(filter.language());
		}
		int total = this.jdbc.sql("select count(*) from templates" + where)
			.params(params)
			.query(Integer.class)
			.single();
		params.addAll(List.of(limit, offset));
		List<StoredTemplate> templates = this.jdbc.sql(SELECT + where + " order by created_at, id limit ? offset ?")
			.params(params)
			.query(TemplateCatalogue::template)
			.list();
		return new Page(templates, total);
	}

	public Optional<StoredTemplate> find(Channel channel, String id) {
		return this.jdbc.sql(SELECT + " where id = ? and channel_id = ?")
			.params(id, channel.id())
			.query(TemplateCatalogue::template)
			.optional();
	}

	Page list(Channel channel, int limit, int offset) {
		List<StoredTemplate> templates = this.jdbc
			.sql(SELECT + " where channel_id = ? order by created_at, id limit ? offset ?")
			.params(channel.id(), limit, offset)
			.query(TemplateCatalogue::template)
			.list();
		int total = this.jdbc.sql("select count(*) from templates where channel_id = ?")
			.param(channel.id())
			.query(Integer.class)
			.single();
		return new Page(templates, total);
	}

	/** Deletes every language of a template, as Meta's delete by name does. */
	public int delete(Channel channel, String name) {
		return delete(channel, name, null);
	}

	/**
	 * Deletes the templates of that name, only the one with that id when one is given (as
	 * Meta's delete by {@code name} and {@code hsm_id} does).
	 */
	public int delete(Channel channel, String name, @Nullable String id) {
		Integer deleted = this.transactions.execute((tx) -> {
			List<StoredTemplate> named = this.jdbc.sql(SELECT + " where channel_id = ? and name = ?")
				.params(channel.id(), name)
				.query(TemplateCatalogue::template)
				.list()
				.stream()
				.filter((template) -> id == null || template.id().equals(id))
				.toList();
			for (StoredTemplate template : named) {
				this.jdbc.sql("delete from template_reviews where template_id = ?").param(template.id()).update();
				this.jdbc.sql("delete from templates where id = ?").param(template.id()).update();
				this.generations.changed(CACHE);
				this.events.publishEvent(new TemplateStatusChanged(channel.id(), channel.accountId(), template.id(),
						template.name(), template.language(), StoredTemplate.DELETED, null));
			}
			return named.size();
		});
		if (deleted == null || deleted == 0) {
			throw ApiException.notFound("Template " + name + ((id != null) ? " with id " + id : ""));
		}
		return deleted;
	}

	/**
	 * Applies Meta's review verdict (its {@code message_template_status_update} webhook)
	 * to the template of that name and language on each of the WABA's channels. Runs
	 * inside the webhook intake's transaction; a repeated report changes nothing.
	 */
	@EventListener
	void onProviderReport(TemplateStatusReported report) {
		if (report.name() == null || report.language() == null) {
			return;
		}
		for (Channel channel : this.accounts.findChannelsByWabaId(ProviderKind.META, report.wabaId())) {
			StoredTemplate template = find(channel.id(), report.name(), report.language());
			if (template != null) {
				String reason = "NONE".equals(report.reason()) ? null : report.reason();
				changeStatus(template.id(), report.event(), reason);
			}
		}
	}

	/**
	 * Records a review verdict and publishes it; must run inside the caller's
	 * transaction.
	 */
	void changeStatus(String templateId, String status, @Nullable String reason) {
		StoredTemplate template = this.jdbc.sql(SELECT + " where id = ?")
			.param(templateId)
			.query(TemplateCatalogue::template)
			.optional()
			.orElse(null);
		if (template == null || template.status().equals(status)) {
			return;
		}
		this.jdbc.sql("update templates set status = ?, rejected_reason = ?, updated_at = ? where id = ?")
			.params(status, reason, Timestamp.from(this.clock.instant()), templateId)
			.update();
		this.generations.changed(CACHE);
		String accountId = this.accounts.findChannel(template.channelId()).orElseThrow().accountId();
		this.events.publishEvent(new TemplateStatusChanged(template.channelId(), accountId, templateId, template.name(),
				template.language(), status, reason));
	}

	private @Nullable StoredTemplate find(String channelId, String name, String language) {
		return this.jdbc.sql(SELECT + " where channel_id = ? and name = ? and language = ?")
			.params(channelId, name, language)
			.query(TemplateCatalogue::template)
			.optional()
			.orElse(null);
	}

	private static StoredTemplate template(ResultSet rs, int row) throws SQLException {
		return new StoredTemplate(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
				rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getInt(10),
				rs.getTimestamp(11).toInstant());
	}

}
