package dev.wabagate.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.ApiKeyInfo;
import dev.wabagate.accounts.Channel;
import dev.wabagate.accounts.IssuedApiKey;
import dev.wabagate.accounts.NewChannel;
import dev.wabagate.accounts.ProviderKind;
import dev.wabagate.shared.ApiException;
import dev.wabagate.upstream.Sandbox;
import dev.wabagate.users.Role;
import dev.wabagate.users.Users;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/admin/v1")
@Tag(name = "Admin", description = "Operator API: accounts, channels, API keys (Authorization: Bearer operator token)")
@SecurityRequirement(name = "operator")
class AdminController {

	private final AccountService accounts;

	private final Sandbox sandbox;

	private final Users users;

	AdminController(AccountService accounts, Sandbox sandbox, Users users) {
		this.users = users;
		this.accounts = accounts;
		this.sandbox = sandbox;
	}

	@Operation(summary = "Create an account with one channel and its first API key (shown once)")
	@PostMapping("/accounts")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> createAccount(@RequestBody CreateAccountRequest request) {
		AccountService.CreatedAccount created = this.accounts.createAccount(required(request.name(), "name"),
				request.toNewChannel());
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("account", created.account());
		body.put("channel", created.channel());
		body.put("api_key", created.apiKey().apiKey());
		body.put("api_key_info", created.apiKey().info());
		return body;
	}

	@Operation(summary = "List accounts")
	@GetMapping("/accounts")
	Map<String, Object> listAccounts(@RequestParam(defaultValue = "50") int limit,
			@RequestParam(defaultValue = "0") int offset) {
		return Map.of("accounts", this.accounts.listAccounts(Math.clamp(limit, 1, 500), Math.max(offset, 0)));
	}

	@Operation(summary = "An account and its channels")
	@GetMapping("/accounts/{accountId}")
	Map<String, Object> account(@PathVariable String accountId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("account",
				this.accounts.findAccount(accountId).orElseThrow(() -> ApiException.notFound("Account " + accountId)));
		body.put("channels", this.accounts.channelsOf(accountId));
		return body;
	}

	@Operation(summary = "Add a channel (another WhatsApp number) to an account, with its first API key")
	@PostMapping("/accounts/{accountId}/channels")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> createChannel(@PathVariable String accountId, @RequestBody CreateAccountRequest request) {
		AccountService.ChannelWithKey created = this.accounts.createChannel(accountId, request.toNewChannel());
		return Map.of("channel", created.channel(), "api_key", created.apiKey().apiKey(), "api_key_info",
				created.apiKey().info());
	}

	@Operation(summary = "Change a channel's throughput limit or 24-hour window policy")
	@PatchMapping("/channels/{channelId}")
	Channel updateChannel(@PathVariable String channelId, @RequestBody UpdateChannelRequest request) {
		return this.accounts.updateChannel(channelId, request.throughputMps(), request.windowPolicy());
	}

	@Operation(summary = "List a channel's API keys (prefixes only)")
	@GetMapping("/channels/{channelId}/api-keys")
	Map<String, List<ApiKeyInfo>> keys(@PathVariable String channelId) {
		channel(channelId);
		return Map.of("api_keys", this.accounts.keysOf(channelId));
	}

	@Operation(summary = "Issue an additional API key for a channel")
	@PostMapping("/channels/{channelId}/api-keys")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> issueKey(@PathVariable String channelId) {
		return keyBody(this.accounts.issueKey(channelId));
	}

	@Operation(summary = "Rotate a key: a new key now; the old one works for the grace period")
	@PostMapping("/api-keys/{keyId}/rotate")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> rotateKey(@PathVariable String keyId) {
		return keyBody(this.accounts.rotateKey(keyId));
	}

	@Operation(summary = "Revoke a key at once")
	@DeleteMapping("/api-keys/{keyId}")
	ApiKeyInfo revokeKey(@PathVariable String keyId) {
		return this.accounts.revokeKey(keyId);
	}

	@Operation(summary = "Create a user of the web inbox and console (the password is shown once)",
			description = "role agent or admin with account_id, or operator without one. This is how the first "
					+ "operator of a production deployment is made.")
	@PostMapping("/users")
	@ResponseStatus(HttpStatus.CREATED)
	Map<String, Object> createUser(@RequestBody CreateUserRequest request) {
		String roleName = required(request.role(), "role");
		Role role = Role.of(roleName)
			.orElseThrow(() -> ApiException.invalid("role", "one_of", Role.wireNames(),
					"role must be one of " + Role.wireNames() + " (was '" + roleName + "')"));
		if (request.accountId() != null) {
			this.accounts.findAccount(request.accountId())
				.orElseThrow(() -> ApiException.notFound("Account " + request.accountId()));
		}
		Users.CreatedUser created = this.users.create(request.accountId(), required(request.email(), "email"),
				required(request.displayName(), "display_name"), role);
		return Map.of("user", created.user(), "password", created.password());
	}

	@Operation(summary = "Make a sandbox channel's next sends fail with a WhatsApp error code")
	@PutMapping("/channels/{channelId}/sandbox-faults")
	Map<String, Object> injectFaults(@PathVariable String channelId, @RequestBody FaultRequest request) {
		Channel channel = channel(channelId);
		int count = (request.count() != null) ? request.count() : 1;
		this.sandbox.injectFaults(channel, required(request.errorCode(), "error_code"), count);
		return Map.of("channel_id", channelId, "error_code", request.errorCode(), "remaining", count);
	}

	private Channel channel(String channelId) {
		return this.accounts.findChannel(channelId).orElseThrow(() -> ApiException.notFound("Channel " + channelId));
	}

	private static Map<String, Object> keyBody(IssuedApiKey key) {
		return Map.of("api_key", key.apiKey(), "api_key_info", key.info());
	}

	private static <T> T required(@Nullable T value, String field) {
		if (value == null) {
			throw ApiException.missing(field);
		}
		return value;
	}

	record CreateAccountRequest(@Nullable String name, @Nullable String phoneNumber, @Nullable String provider,
			@Nullable String phoneNumberId, @Nullable String wabaId, @Nullable Integer throughputMps,
			@Nullable String windowPolicy, @Nullable Map<String, String> credentials) {

		NewChannel toNewChannel() {
			return new NewChannel(required(this.phoneNumber, "phone_number"),
					(this.provider != null) ? this.provider : ProviderKind.SANDBOX.wireName(), this.phoneNumberId,
					this.wabaId, this.throughputMps, this.windowPolicy,
					(this.credentials != null) ? this.credentials : Map.of());
		}

	}

	record UpdateChannelRequest(@Nullable Integer throughputMps, @Nullable String windowPolicy) {
	}

	record CreateUserRequest(@Nullable String email, @Nullable String displayName, @Nullable String role,
			@Nullable String accountId) {
	}

	record FaultRequest(@Nullable Integer errorCode, @Nullable Integer count) {
	}

}
