package dev.wabagate.console;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.wabagate.accounts.Account;
import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.ApiKeyInfo;
import dev.wabagate.accounts.Channel;
import dev.wabagate.accounts.IssuedApiKey;
import dev.wabagate.accounts.NewChannel;
import dev.wabagate.messaging.ChannelQueues;
import dev.wabagate.shared.ApiException;
import dev.wabagate.templates.TemplatePicker;
import dev.wabagate.upstream.Sandbox;
import dev.wabagate.users.Role;
import dev.wabagate.users.SignedInUser;
import dev.wabagate.users.User;
import dev.wabagate.users.Users;
import dev.wabagate.webhooks.WebhookDeliveryLog;

import org.springframework.stereotype.Service;

/**
 * What the console does. Operators reach every account; an admin only their own, and
 * anything of another account is not found.
 */
@Service
class Console {

	private static final int LOG_LIMIT = 50;

	private final AccountService accounts;

	private final Users users;

	private final ChannelQueues queues;

	private final WebhookDeliveryLog webhooks;

	private final Sandbox sandbox;

	private final TemplatePicker templates;

	Console(AccountService accounts, Users users, ChannelQueues queues, WebhookDeliveryLog webhooks, Sandbox sandbox,
			TemplatePicker templates) {
		this.accounts = accounts;
		this.users = users;
		this.queues = queues;
		this.webhooks = webhooks;
		this.sandbox = sandbox;
		this.templates = templates;
	}

	/** A channel with its keys and queue; its provider credentials are never shown. */
	record ChannelView(Channel channel, List<ApiKeyInfo> apiKeys, long queueDepth, double queueLagSeconds,
			@Nullable Double pacedMps, @Nullable String webhookUrl) {
	}

	record AccountView(Account account, List<ChannelView> channels, List<User> users) {
	}

	List<Account> accounts(SignedInUser user) {
		if (user.isOperator()) {
			return this.accounts.listAccounts(500, 0);
		}
		return List.of(account(user, ownAccount(user)));
	}

	AccountView view(SignedInUser user, String accountId) {
		Account account = account(user, accountId);
		Map<String, ChannelQueues.ChannelQueue> queueByChannel = this.queues.current()
			.stream()
			.collect(Collectors.toMap(ChannelQueues.ChannelQueue::channelId, Function.identity()));
		List<ChannelView> channels = this.accounts.channelsOf(accountId).stream().map((channel) -> {
			ChannelQueues.ChannelQueue queue = queueByChannel.get(channel.id());
			return new ChannelView(channel, this.accounts.keysOf(channel.id()), (queue != null) ? queue.depth() : 0,
					(queue != null) ? queue.lagSeconds() : 0.0, (queue != null) ? queue.pacedMps() : null,
					this.webhooks.url(channel.id()));
		}).toList();
		return new AccountView(account, channels, this.users.ofAccount(accountId));
	}

	AccountService.CreatedAccount createAccount(SignedInUser user, String name, NewChannel channel) {
		if (!user.isOperator()) {
			throw ApiException.notFound("Accounts (only operators create accounts)");
		}
		return this.accounts.createAccount(name, channel);
	}

	AccountService.ChannelWithKey addChannel(SignedInUser user, String accountId, NewChannel channel) {
		return this.accounts.createChannel(account(user, accountId).id(), channel);
	}

	Channel updateChannel(SignedInUser user, String channelId, @Nullable Integer throughputMps,
			@Nullable String windowPolicy) {
		return this.accounts.updateChannel(channel(user, channelId).id(), throughputMps, windowPolicy);
	}

	IssuedApiKey issueKey(SignedInUser user, String channelId) {
		return this.accounts.issueKey(channel(user, channelId).id());
	}

	IssuedApiKey rotateKey(SignedInUser user, String keyId) {
		return this.accounts.rotateKey(key(user, keyId).id());
	}

	ApiKeyInfo revokeKey(SignedInUser user, String keyId) {
		return this.accounts.revokeKey(key(user, keyId).id());
	}

	void injectFaults(SignedInUser user, String channelId, int errorCode, int count) {
		this.sandbox.injectFaults(channel(user, channelId), errorCode, count);
	}

	record WebhookLog(@Nullable String url, List<WebhookDeliveryLog.Event> events,
			List<WebhookDeliveryLog.Attempt> attempts) {
	}

	WebhookLog webhookLog(SignedInUser user, String channelId) {
		Channel channel = channel(user, channelId);
		return new WebhookLog(this.webhooks.url(channel.id()), this.webhooks.events(channel.id(), LOG_LIMIT),
				this.webhooks.attempts(channel.id(), LOG_LIMIT));
	}

	void replay(SignedInUser user, String channelId, String eventId) {
		this.webhooks.replay(channel(user, channelId).id(), eventId);
	}

	List<TemplatePicker.TemplateChoice> templates(SignedInUser user, String channelId) {
		return this.templates.templates(channel(user, channelId));
	}

	Users.CreatedUser invite(SignedInUser user, String accountId, String email, String displayName, String role) {
		Role chosen = Role.of(role)
			.filter(Role::belongsToAccount)
			.orElseThrow(() -> ApiException.invalid("role", "one_of", List.of("agent", "admin"),
					"role must be agent or admin (was '" + role + "')"));
		return this.users.create(account(user, accountId).id(), email, displayName, chosen);
	}

	private Account account(SignedInUser user, String accountId) {
		if (!user.isOperator() && !accountId.equals(user.accountId())) {
			throw ApiException.notFound("Account " + accountId);
		}
		return this.accounts.findAccount(accountId).orElseThrow(() -> ApiException.notFound("Account " + accountId));
	}

	private Channel channel(SignedInUser user, String channelId) {
		Channel channel = this.accounts.findChannel(channelId)
			.orElseThrow(() -> ApiException.notFound("Channel " + channelId));
		if (!user.isOperator() && !channel.accountId().equals(user.accountId())) {
			throw ApiException.notFound("Channel " + channelId);
		}
		return channel;
	}

	private ApiKeyInfo key(SignedInUser user, String keyId) {
		ApiKeyInfo key = this.accounts.findKey(keyId).orElseThrow(() -> ApiException.notFound("API key " + keyId));
		channel(user, key.channelId());
		return key;
	}

	private static String ownAccount(SignedInUser user) {
		if (user.accountId() == null) {
			throw ApiException.notFound("Account");
		}
		return user.accountId();
	}

}
