package dev.wabagate.console;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import dev.wabagate.support.Browser;
import dev.wabagate.support.GatewayClient;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.PostgresGatewayTest;
import dev.wabagate.support.WebhookReceiver;
import dev.wabagate.users.Role;
import dev.wabagate.users.Users;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator console in a real headless Chromium against a whole gateway on PostgreSQL.
 */
class ConsoleBrowserTests extends PostgresGatewayTest {

	private static final String PASSWORD = "operators keep the lights on";

	@Autowired
	private Users users;

	private Browser browser;

	private String operatorEmail;

	@BeforeEach
	void anOperator() {
		this.operatorEmail = "operator-" + System.nanoTime() + "@example.com";
		this.users.create(null, this.operatorEmail, "Omar Operator", Role.OPERATOR, PASSWORD);
		this.browser = new Browser(gateway().base());
	}

	@AfterEach
	void closeBrowser() {
		this.browser.close();
	}

	@Test
	void anOperatorRotatesAKeyAndReplaysAFailedWebhook() {
		TestChannel channel = gateway().newSandboxChannel();
		try (WebhookReceiver receiver = WebhookReceiver.start().mode(WebhookReceiver.Mode.FAIL)) {
			GatewayClient.Response set = gateway().curlData("POST", "/v1/configs/webhook", channel.apiKey(),
					"{\"url\":\"" + receiver.url() + "\"}");
			assertThat(set.status()).as(set.toString()).isEqualTo(200);
			gateway().customerWrites(channel, "919812345701");
			// Every retry fails (the test schedule gives up after five, within a few
			// seconds).
			gateway().await("/v1/configs/webhook/events?state=exhausted", channel.apiKey(),
					(r) -> r.body().contains("evt_"), Duration.ofSeconds(30));

			this.browser.signIn(this.operatorEmail, PASSWORD);
			this.browser.awaitElement(By.id("accounts-heading"));
			assertThat(this.browser.driver().getCurrentUrl()).endsWith("/console");
			this.browser.await((driver) -> {
				new Select(driver.findElement(By.id("account"))).selectByValue(channel.accountId());
				return driver.findElements(By.cssSelector("[data-channel-id='" + channel.channelId() + "']")).isEmpty()
						? null : Boolean.TRUE;
			});

			this.browser.click(By.cssSelector("[data-key-id] button[aria-label^=Rotate]"));
			String newKey = this.browser.textOf(By.cssSelector("#secret [data-secret]"));
			assertThat(newKey).startsWith("wbg_").isNotEqualTo(channel.apiKey());
			assertThat(gateway().get("/crm/chats", newKey).status()).isEqualTo(200);
			assertThat(gateway().get("/crm/chats", channel.apiKey()).status()).as("the old key's grace period")
				.isEqualTo(200);
			assertThat(this.browser.textOf(By.id("keys"))).contains("expires");
			this.browser.screenshot("console-1280");

			assertThat(this.browser.textOf(By.cssSelector("#events [data-state=exhausted]"))).contains("+919812345701");
			receiver.mode(WebhookReceiver.Mode.OK);
			this.browser.click(By.cssSelector("#events [data-state=exhausted] button"));
			receiver.await((requests) -> !receiver.accepted().isEmpty(), Duration.ofSeconds(30));
			assertThat(receiver.accepted()).hasSize(1);
			assertThat(receiver.accepted().get(0).body()).contains("919812345701");
			this.browser
				.await((driver) -> driver.findElements(By.cssSelector("#events [data-state=delivered]")).isEmpty()
						? null : Boolean.TRUE);
			this.browser.width(390);
			this.browser.script("window.scrollTo(0, 0)");
			this.browser.screenshot("console-390");
		}
	}

	@Test
	void anAdminSeesOnlyTheirOwnAccount() {
		TestChannel own = gateway().newSandboxChannel();
		TestChannel other = gateway().newSandboxChannel();
		String adminEmail = "admin-" + System.nanoTime() + "@example.com";
		this.users.create(own.accountId(), adminEmail, "Ada Admin", Role.ADMIN, PASSWORD);

		this.browser.signIn(adminEmail, PASSWORD);
		this.browser.open("/console");
		this.browser.awaitElement(By.cssSelector("[data-channel-id='" + own.channelId() + "']"));
		assertThat(this.browser.driver().findElements(By.cssSelector("#account option"))).hasSize(1);
		Object status = this.browser.script("""
				return fetch('/ui/api/console/accounts/' + arguments[0]).then((response) => response.status)""",
				other.accountId());
		assertThat(status).isEqualTo(404L);
	}

}
