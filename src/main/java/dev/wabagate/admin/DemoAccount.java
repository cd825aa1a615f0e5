package dev.wabagate.admin;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.accounts.AccountService;
import dev.wabagate.accounts.NewChannel;
import dev.wabagate.shared.DataDirectory;
import dev.wabagate.upstream.Sandbox;
import dev.wabagate.users.Role;
import dev.wabagate.users.Users;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * At first start on the embedded default: a demo account with a sandbox channel, whose
 * demo customer (the seed's 919999999999) has just written, so a session message can be
 * sent at once, and a demo agent (an admin of the account) and an operator for the web
 * pages. The key and the passwords go to the data directory, never to the log; the log
 * shows a curl that reads the key and where the passwords are.
 */
@Component
@ConditionalOnProperty(name = "wabagate.demo.enabled", havingValue = "true")
class DemoAccount implements ApplicationRunner {

	static final String DEMO_CUSTOMER = "919999999999";

	static final String DEMO_AGENT = "agent@demo.local";

	static final String DEMO_OPERATOR = "operator@demo.local";

	private static final Logger log = LoggerFactory.getLogger(DemoAccount.class);

	private final AccountService accounts;

	private final Sandbox sandbox;

	private final DataDirectory dataDirectory;

	private final JsonMapper json;

	private final Environment environment;

	private final Users users;

	DemoAccount(AccountService accounts, Sandbox sandbox, DataDirectory dataDirectory, JsonMapper json,
			Environment environment, Users users) {
		this.users = users;
		this.accounts = accounts;
		this.sandbox = sandbox;
		this.dataDirectory = dataDirectory;
		this.json = json;
		this.environment = environment;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.accounts.listAccounts(1, 0).isEmpty()) {
			AccountService.CreatedAccount demo = this.accounts.createAccount("Demo business",
					new NewChannel("+15550000001", "sandbox", null, null, null, null, Map.of()));
			this.dataDirectory.readOrCreate("demo-api-key", () -> demo.apiKey().apiKey());
			this.dataDirectory.readOrCreate("demo-agent-password",
					() -> this.users.create(demo.account().id(), DEMO_AGENT, "Demo agent", Role.ADMIN).password());
			this.dataDirectory.readOrCreate("operator-password",
					() -> this.users.create(null, DEMO_OPERATOR, "Operator", Role.OPERATOR).password());
			this.sandbox.receiveFromCustomer(demo.channel(), DEMO_CUSTOMER, "Demo customer", "text",
					this.json.createObjectNode().put("body", "Hi! I'd like to hear from you on WhatsApp."), null);
			log.info("Created the demo account {} with sandbox channel {}", demo.account().id(), demo.channel().id());
		}
		String keyFile = this.dataDirectory.root().resolve("demo-api-key").toString();
		String agentPasswordFile = this.dataDirectory.root().resolve("demo-agent-password").toString();
		String operatorPasswordFile = this.dataDirectory.root().resolve("operator-password").toString();
		String base = "http://" + this.environment.getProperty("server.address", "127.0.0.1") + ":" + this.environment
			.getProperty("local.server.port", this.environment.getProperty("server.port", "8080"));
		log.info("""

				  Wabagate is ready on {}  (API docs: {}/docs)
				  Send a first message to the sandbox's demo customer:

				    curl -s {}/v1/messages -H "API-KEY: $(cat {})" \\
				      --data '{"to": "{}", "type": "text", "text": {"body": "Hello from Wabagate"}}'

				  Then follow it to "read":  curl -s {}/v1/messages/<id from the answer> -H "API-KEY: $(cat {})"

				  The inbox: {}/  sign in as {} with the password in {}
				  The operator console: sign in as {} with the password in {}
				""", base, base, base, keyFile, DEMO_CUSTOMER, base, keyFile, base, DEMO_AGENT, agentPasswordFile,
				DEMO_OPERATOR, operatorPasswordFile);
	}

}
