package dev.wabagate.admin;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.NewChannel;
import dev.wabagate.shared.ApiException;

import org.springframework.stereotype.Component;

/**
 * The operator's command line: the admin API's operations, run directly against the
 * database ({@code ./admin accounts create --name ... --phone-number ...}). Prints JSON
 * like the API.
 */
@Component
public class AdminCommandLine {

	private final AccountService accounts;

	private final JsonMapper json;

	AdminCommandLine(AccountService accounts, JsonMapper json) {
		this.accounts = accounts;
		this.json = json;
	}

	/** Runs one command; returns the process exit code. */
	public int execute(String[] args, PrintWriter out, PrintWriter err) {
		CommandLine commandLine = new CommandLine(new Root())
			.addSubcommand(new CommandLine(new Accounts()).addSubcommand(new CreateAccount())
				.addSubcommand(new ListAccounts())
				.addSubcommand(new AddChannel()))
			.addSubcommand(new CommandLine(new Keys()).addSubcommand(new IssueKey())
				.addSubcommand(new ListKeys())
				.addSubcommand(new RotateKey())
				.addSubcommand(new RevokeKey()));
		commandLine.setOut(out).setErr(err).setExecutionExceptionHandler((ex, cl, parsed) -> {
			String message = (ex instanceof ApiException api) ? api.getMessage() : ex.toString();
			cl.getErr().println("error: " + message);
			return 2;
		});
		this.out = out;
		return commandLine.execute(args);
	}

	private PrintWriter out = new PrintWriter(System.out, true);

	private int print(Object value) {
		this.out.println(this.json.writerWithDefaultPrettyPrinter().writeValueAsString(value));
		this.out.flush();
		return 0;
	}

	@Command(name = "admin", mixinStandardHelpOptions = true, description = "Wabagate operator commands")
	static class Root {

	}

	@Command(name = "accounts", mixinStandardHelpOptions = true, description = "Accounts and their channels")
	static class Accounts {

	}

	@Command(name = "keys", mixinStandardHelpOptions = true, description = "API keys")
	static class Keys {

	}

	static class ChannelOptions {

		@Option(names = "--phone-number", required = true, description = "The WhatsApp business number, international")
		String phoneNumber = "";

		@Option(names = "--provider", defaultValue = "sandbox", description = "sandbox (default) or meta")
		String provider = "sandbox";

		@Option(names = "--phone-number-id", description = "Meta's phone-number id (meta)")
		@Nullable String phoneNumberId;

		@Option(names = "--waba-id", description = "The WhatsApp Business Account id (meta)")
		@Nullable String wabaId;

		@Option(names = "--throughput-mps", description = "Messages per second the number may send (default 80)")
		@Nullable Integer throughputMps;

		@Option(names = "--access-token", description = "Meta access token (stored encrypted)")
		@Nullable String accessToken;

		@Option(names = "--app-secret", description = "Meta app secret for webhook signatures (stored encrypted)")
		@Nullable String appSecret;

		@Option(names = "--verify-token", description = "Meta webhook verify token (stored encrypted)")
		@Nullable String verifyToken;

		NewChannel toNewChannel() {
			Map<String, String> credentials = new LinkedHashMap<>();
			if (this.accessToken != null) {
				credentials.put("access_token", this.accessToken);
			}
			if (this.appSecret != null) {
				credentials.put("app_secret", this.appSecret);
			}
			if (this.verifyToken != null) {
				credentials.put("verify_token", this.verifyToken);
			}
			return new NewChannel(this.phoneNumber, this.provider, this.phoneNumberId, this.wabaId, this.throughputMps,
					null, credentials);
		}

	}

	@Command(name = "create", mixinStandardHelpOptions = true,
			description = "Create an account with one channel; prints its API key once")
	class CreateAccount implements Callable<Integer> {

		@Option(names = "--name", required = true, description = "The business's name")
		String name = "";

		@CommandLine.Mixin
		ChannelOptions channel = new ChannelOptions();

		@Override
		public Integer call() {
			AccountService.CreatedAccount created = AdminCommandLine.this.accounts.createAccount(this.name,
					this.channel.toNewChannel());
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("account", created.account());
			body.put("channel", created.channel());
			body.put("api_key", created.apiKey().apiKey());
			body.put("api_key_info", created.apiKey().info());
			return print(body);
		}

	}

	@Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts")
	class ListAccounts implements Callable<Integer> {

		@Override
		public Integer call() {
			return print(Map.of("accounts", AdminCommandLine.this.accounts.listAccounts(500, 0)));
		}

	}

	@Command(name = "add-channel", mixinStandardHelpOptions = true,
			description = "Add a channel to an account; prints its API key once")
	class AddChannel implements Callable<Integer> {

		@Option(names = "--account", required = true, description = "The account id")
		String accountId = "";

		@CommandLine.Mixin
		ChannelOptions channel = new ChannelOptions();

		@Override
		public Integer call() {
			AccountService.ChannelWithKey created = AdminCommandLine.this.accounts.createChannel(this.accountId,
					this.channel.toNewChannel());
			return print(Map.of("channel", created.channel(), "api_key", created.apiKey().apiKey(), "api_key_info",
					created.apiKey().info()));
		}

	}

	@Command(name = "issue", mixinStandardHelpOptions = true, description = "Issue another key for a channel")
	class IssueKey implements Callable<Integer> {

		@Option(names = "--channel", required = true, description = "The channel id")
		String channelId = "";

		@Override
		public Integer call() {
			var key = AdminCommandLine.this.accounts.issueKey(this.channelId);
			return print(Map.of("api_key", key.apiKey(), "api_key_info", key.info()));
		}

	}

	@Command(name = "list", mixinStandardHelpOptions = true, description = "List a channel's keys (prefixes only)")
	class ListKeys implements Callable<Integer> {

		@Option(names = "--channel", required = true, description = "The channel id")
		String channelId = "";

		@Override
		public Integer call() {
			return print(Map.of("api_keys", AdminCommandLine.this.accounts.keysOf(this.channelId)));
		}

	}

	@Command(name = "rotate", mixinStandardHelpOptions = true,
			description = "Issue a successor key; the old one works for the grace period")
	class RotateKey implements Callable<Integer> {

		@Option(names = "--key", required = true, description = "The key id (key_...)")
		String keyId = "";

		@Override
		public Integer call() {
			var key = AdminCommandLine.this.accounts.rotateKey(this.keyId);
			return print(Map.of("api_key", key.apiKey(), "api_key_info", key.info()));
		}

	}

	@Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key at once")
	class RevokeKey implements Callable<Integer> {

		@Option(names = "--key", required = true, description = "The key id (key_...)")
		String keyId = "";

		@Override
		public Integer call() {
			return print(AdminCommandLine.this.accounts.revokeKey(this.keyId));
		}

	}

}
