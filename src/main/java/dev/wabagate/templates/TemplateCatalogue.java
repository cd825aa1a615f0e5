package dev.wabagate.templates;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.Channel;
import dev.wabagate.accounts.ChannelCreated;
import dev.wabagate.accounts.ProviderKind;
import dev.wabagate.shared.ApiError;
import dev.wabagate.shared.ApiException;
import dev.wabagate.shared.CacheGenerations;
import dev.wabagate.shared.Ids;
import dev.wabagate.upstream.ProviderTemplate;
import dev.wabagate.upstream.Providers;
import dev.wabagate.upstream.TemplateChangeReported;
import dev.wabagate.upstream.TemplateStatusReported;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The templates of each channel, kept in step with the provider's: a template is created
 * and deleted on the provider first (nothing is stored when it refuses), reviews and
 * other changes arrive as provider reports, and a full import runs when a channel is
 * created, every {@code wabagate.templates.sync-interval}, and when a send names a
 * template the catalogue does not know (so one made in WhatsApp Manager is sendable at
 * once).
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
			    header_params, created_at, provider_template_id, quality_score from templates""";

	/**
	 * A list, or a send naming an unknown template, syncs its channel at most this often.
	 */
	private static final Duration ON_DEMAND_SYNC_INTERVAL = Duration.ofSeconds(10);

	private static final Logger log = LoggerFactory.getLogger(TemplateCatalogue.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	private final AccountService accounts;

	private final Providers providers;

	private final TemplateValidator validator;

	private final Clock clock;

	/** When each channel was last imported for a list, and for a send. */
	private final Map<String, Instant> listSyncs = new ConcurrentHashMap<>();

	private final Map<String, Instant> sendSyncs = new ConcurrentHashMap<>();

	private final CacheGenerations generations;

	/** A channel's templates of one name (every language), read on each template send. */
	private final CacheGenerations.Cache<NameOnChannel, List<StoredTemplate>> byName;

	private final Function<NameOnChannel, List<StoredTemplate>> loadNamed = (key) -> named(key.channelId(), key.name());

	TemplateCatalogue(JdbcClient jdbc, TransactionTemplate transactions, ApplicationEventPublisher events,
			AccountService accounts, Providers providers, TemplatesProperties properties, Clock clock,
			CacheGenerations generations) {
		this.jdbc = jdbc;
		this.generations = generations;
		this.byName = generations.cache(CACHE, 10_000);
		this.transactions = transactions;
		this.events = events;
		this.accounts = accounts;
		this.providers = providers;
		this.validator = new TemplateValidator(properties.languages());
		this.clock = clock;
	}

	/**
	 * Refuses a template message unless the channel has that template, approved, in that
	 * exact language, with as many parameters as it has variables.
	 * @param headerParamCount parameters given for the header: one for a media header,
	 * one per variable for a text header
	 */
	public void checkSendable(String channelId, String name, String languageCode, int bodyParamCount,
			int headerParamCount) {
		List<StoredTemplate> named = this.byName.get(new NameOnChannel(channelId, name), this.loadNamed);
		StoredTemplate template = inLanguage(named, languageCode);
		if (template == null && syncOnDemand(channelId, this.sendSyncs)) {
			named = named(channelId, name);
			template = inLanguage(named, languageCode);
		}
		if (template == null) {
			throw refusal(TEMPLATE_NOT_FOUND, "Template name does not exist in the translation",
					named.isEmpty() ? "There is no template named '" + name + "' on this channel"
							: "Template '" + name + "' has no translation '" + languageCode + "' (it has "
									+ named.stream().map(StoredTemplate::language).toList() + ")");
		}
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

	/** A loop rather than a stream: this runs for every template message. */
	private static @Nullable StoredTemplate inLanguage(List<StoredTemplate> named, String languageCode) {
		for (StoredTemplate template : named) {
			if (template.language().equals(languageCode)) {
				return template;
			}
		}
		return null;
	}

	private record NameOnChannel(String channelId, String name) {
	}

	private List<StoredTemplate> named(String channelId, String name) {
		return this.jdbc.sql(SELECT + " where channel_id = ? and name = ? order by language")
			.params(channelId, name)
			.query(TemplateCatalogue::template)
			.list();
	}

	/**
	 * A template made outside Wabagate may be named before the next import: import now,
	 * unless this channel was imported on demand moments ago. A failed import is logged;
	 * the catalogue stays as it was.
	 * @return whether the import ran
	 */
	private boolean syncOnDemand(String channelId, Map<String, Instant> recent) {
		Instant now = this.clock.instant();
		Instant last = recent.get(channelId);
		if (last != null && last.plus(ON_DEMAND_SYNC_INTERVAL).isAfter(now)) {
			return false;
		}
		recent.put(channelId, now);
		Channel channel = this.accounts.findChannel(channelId).orElse(null);
		if (channel == null) {
			return false;
		}
		try {
			sync(channel);
			return true;
		}
		catch (ApiException ex) {
			log.warn("Templates of channel {} could not be imported before a send: {}", channelId, ex.getMessage());
			return false;
		}
	}

	private static ApiException refusal(int code, String title, String details) {
		return new ApiException(HttpStatus.BAD_REQUEST, "template", details,
				List.of(new ApiError(code, title, details, "template", null, null)));
	}

	/** A new template and what was lenient about its request. */
	public record Created(StoredTemplate template, List<String> warnings) {
	}

	/**
	 * Submits the template to the provider and stores it with the provider's id and
	 * status, in one transaction: when the provider refuses, nothing is stored.
	 */
	public Created create(Channel channel, JsonNode body) {
		NewTemplate template = this.validator.validate(body);
		Instant now = this.clock.instant();
		String id = Ids.next("tpl");
		try {
			this.transactions.executeWithoutResult((tx) -> {
				if (find(channel.id(), template.name(), template.language()) != null) {
					throw duplicate(template);
				}
				ProviderTemplate submitted = this.providers.of(channel)
					.submitTemplate(channel, template.name(), template.language(), template.category(),
							template.components());
				this.jdbc.sql("""
						insert into templates (id, channel_id, name, language, category, requested_category,
						    components, status, body_params, header_params, created_at, updated_at,
						    provider_template_id)
						values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
					.params(id, channel.id(), template.name(), template.language(), submitted.category(),
							template.requestedCategory(), template.components().toString(), submitted.status(),
							template.bodyParams(), template.headerParams(), Timestamp.from(now), Timestamp.from(now),
							submitted.providerId())
					.update();
				this.generations.changed(CACHE);
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

	/** The channel's templates, imported first unless that happened moments ago. */
	Page list(Channel channel, int limit, int offset) {
		syncOnDemand(channel.id(), this.listSyncs);
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

	/**
	 * Deletes every language of a template on the provider, then here, as Meta's delete
	 * by name does; when the provider refuses, nothing is deleted.
	 */
	public int delete(Channel channel, String name) {
		return delete(channel, name, null);
	}

	/**
	 * Deletes one language of a template (Meta's delete by {@code name} and
	 * {@code hsm_id}), on the provider first.
	 */
	public int deleteLanguage(Channel channel, String name, String language) {
		StoredTemplate template = find(channel.id(), name, language);
		if (template == null) {
			throw ApiException.notFound("Template " + name + " in language " + language);
		}
		return delete(channel, name, template.id());
	}

	/**
	 * Deletes the templates of that name, only the one with that id when one is given (as
	 * Meta's delete by {@code name} and {@code hsm_id} does), on the provider first.
	 */
	public int delete(Channel channel, String name, @Nullable String id) {
		Integer deleted = this.transactions.execute((tx) -> {
			List<StoredTemplate> named = named(channel.id(), name).stream()
				.filter((template) -> id == null || template.id().equals(id))
				.toList();
			if (!named.isEmpty()) {
				this.providers.of(channel)
					.deleteTemplate(channel, name, (id != null) ? named.get(0).providerTemplateId() : null);
			}
			named.forEach((template) -> remove(channel, template));
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
		for (Channel channel : channelsOfWaba(report.wabaId())) {
			StoredTemplate template = findByProviderId(channel.id(), report.templateId());
			if (template == null && report.name() != null && report.language() != null) {
				template = find(channel.id(), report.name(), report.language());
			}
			if (template != null) {
				String reason = "NONE".equals(report.reason()) ? null : report.reason();
				changeStatus(template.id(), report.event(), reason);
			}
		}
	}

	/** Meta's quality score or category changes, applied as states. */
	@EventListener
	void onProviderChange(TemplateChangeReported report) {
		for (Channel channel : channelsOfWaba(report.wabaId())) {
			StoredTemplate template = findByProviderId(channel.id(), report.templateId());
			if (template == null) {
				continue;
			}
			if (report.quality() != null) {
				this.jdbc.sql("update templates set quality_score = ?, updated_at = ? where id = ?")
					.params(report.quality(), Timestamp.from(this.clock.instant()), template.id())
					.update();
			}
			if (report.category() != null) {
				this.jdbc.sql("update templates set category = ?, updated_at = ? where id = ?")
					.params(report.category(), Timestamp.from(this.clock.instant()), template.id())
					.update();
				this.generations.changed(CACHE);
			}
		}
	}

	private List<Channel> channelsOfWaba(String wabaId) {
		return Arrays.stream(ProviderKind.values())
			.flatMap((kind) -> this.accounts.findChannelsByWabaId(kind, wabaId).stream())
			.toList();
	}

	/**
	 * Imports every template the provider holds for the channel: new ones are added,
	 * changed ones updated, and ones the provider no longer has removed. The provider is
	 * asked first, so a failure leaves the catalogue as it was.
	 * @throws ApiException 503 when the provider is unavailable
	 */
	public void sync(Channel channel) {
		Instant listedAt = this.clock.instant();
		List<ProviderTemplate> held = this.providers.of(channel).templates(channel);
		this.transactions.executeWithoutResult((tx) -> {
			Set<String> kept = new HashSet<>();
			for (ProviderTemplate template : held) {
				kept.add(importOne(channel, template));
			}
			for (StoredTemplate stored : this.jdbc.sql(SELECT + " where channel_id = ?")
				.param(channel.id())
				.query(TemplateCatalogue::template)
				.list()) {
				// One created while the provider was being asked is not in its answer
				// yet.
				if (!kept.contains(stored.id()) && stored.createdAt().isBefore(listedAt)) {
					remove(channel, stored);
				}
			}
		});
	}

	/**
	 * @return the catalogue's id of the template
	 */
	private String importOne(Channel channel, ProviderTemplate template) {
		StoredTemplate stored = findByProviderId(channel.id(), template.providerId());
		if (stored == null) {
			stored = find(channel.id(), template.name(), template.language());
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		int[] counts = TemplateValidator.parameterCounts(template.components());
		if (stored == null) {
			String id = Ids.next("tpl");
			// Another import of this channel (creation, schedule, a list) may add it at
			// the same time.
			int added = this.jdbc.sql("""
					insert into templates (id, channel_id, name, language, category, requested_category, components,
					    status, rejected_reason, body_params, header_params, created_at, updated_at,
					    provider_template_id)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")
				.params(id, channel.id(), template.name(), template.language(), template.category(),
						template.category(), template.components().toString(), template.status(), template.reason(),
						counts[0], counts[1], now, now, template.providerId())
				.update();
			if (added == 1) {
				this.generations.changed(CACHE);
				this.events.publishEvent(new TemplateStatusChanged(channel.id(), channel.accountId(), id,
						template.name(), template.language(), template.status(), template.reason()));
				return id;
			}
			stored = find(channel.id(), template.name(), template.language());
			if (stored == null) {
				return id;
			}
		}
		this.jdbc.sql("""
				update templates set provider_template_id = ?, category = ?, components = ?, body_params = ?,
				    header_params = ?, updated_at = ? where id = ?""")
			.params(template.providerId(), template.category(), template.components().toString(), counts[0], counts[1],
					now, stored.id())
			.update();
		// The parameter counts a send is checked against may have changed with the status
		// kept.
		this.generations.changed(CACHE);
		changeStatus(stored.id(), template.status(), template.reason());
		return stored.id();
	}

	private void remove(Channel channel, StoredTemplate template) {
		this.jdbc.sql("delete from templates where id = ?").param(template.id()).update();
		this.generations.changed(CACHE);
		this.events.publishEvent(new TemplateStatusChanged(channel.id(), channel.accountId(), template.id(),
				template.name(), template.language(), StoredTemplate.DELETED, null));
	}

	/** A new channel starts with the templates its business account already has. */
	@TransactionalEventListener(fallbackExecution = true)
	void onChannelCreated(ChannelCreated created) {
		Thread.ofVirtual()
			.name("template-import-" + created.channel().id())
			.start(() -> syncQuietly(created.channel()));
	}

	@Scheduled(fixedDelayString = "${wabagate.templates.sync-interval:PT15M}",
			initialDelayString = "${wabagate.templates.sync-interval:PT15M}")
	void syncAll() {
		this.accounts.allChannels().forEach(this::syncQuietly);
	}

	private void syncQuietly(Channel channel) {
		try {
			sync(channel);
		}
		catch (RuntimeException ex) {
			log.warn("Templates of channel {} could not be imported: {}", channel.id(), ex.getMessage());
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
		if (template == null
				|| (template.status().equals(status) && Objects.equals(template.rejectedReason(), reason))) {
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

	private @Nullable StoredTemplate findByProviderId(String channelId, String providerTemplateId) {
		return this.jdbc.sql(SELECT + " where channel_id = ? and provider_template_id = ?")
			.params(channelId, providerTemplateId)
			.query(TemplateCatalogue::template)
			.optional()
			.orElse(null);
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
				rs.getTimestamp(11).toInstant(), rs.getString(12), rs.getString(13));
	}

}
