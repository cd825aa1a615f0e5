package dev.wabagate.inbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import dev.wabagate.support.GatewayClient;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.GatewayProcess;
import dev.wabagate.support.PostgresGatewayTest;
import dev.wabagate.support.TestDatabases;
import dev.wabagate.users.Role;
import dev.wabagate.users.Users;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox in a real headless Chromium against a whole gateway on PostgreSQL, with the
 * sandbox playing the customer.
 */
class InboxBrowserTests extends PostgresGatewayTest {

	private static final String PASSWORD = "correct horse battery staple";

	@Autowired
	private Users users;

	@Autowired
	private JdbcClient jdbc;

	private Browser browser;

	private TestChannel channel;

	private String agentEmail;

	@BeforeEach
	void anAgentOfAnAccount() {
		this.channel = gateway().newSandboxChannel();
		this.agentEmail = "agent-" + System.nanoTime() + "@example.com";
		this.users.create(this.channel.accountId(), this.agentEmail, "Asha Agent", Role.AGENT, PASSWORD);
		this.browser = new Browser(gateway().base());
	}

	@AfterEach
	void closeBrowser() {
		this.browser.close();
	}

	@Test
	void anAgentSignsInSeesACustomerMessageArriveLiveAndWatchesTheirReplyReachRead() {
		this.browser.signIn(this.agentEmail, PASSWORD);
		this.browser.awaitElement(By.id("chats-heading"));
		assertThat(this.browser.driver().getCurrentUrl()).endsWith("/inbox");
		this.browser
			.await((driver) -> "connected".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-live")));

		customerSays("919812345601", "Where is my order?");
		WebElement chat = this.browser.awaitElement(By.cssSelector("[data-chat-id]"));
		assertThat(chat.getText()).contains("+919812345601");
		assertThat(chat.findElement(By.cssSelector("[data-unread]")).getText()).isEqualTo("1");

		chat.click();
		WebElement incoming = this.browser.awaitElement(By.cssSelector(".message.in"));
		assertThat(incoming.getText()).contains("Where is my order?");
		Boolean markedRead = this.browser.await((driver) -> readOnWhatsApp("919812345601") ? Boolean.TRUE : null);
		assertThat(markedRead).isTrue();

		WebElement reply = this.browser.driver().findElement(By.id("reply-text"));
		reply.sendKeys("It left our warehouse this morning.");
		reply.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
		WebElement sent = this.browser.awaitElement(By.cssSelector(".message.out[data-status=read]"));
		assertThat(sent.getText()).contains("It left our warehouse this morning.").contains("Read");

		customerSays("919812345601", "Thanks!");
		this.browser.await((driver) -> driver.findElements(By.cssSelector(".message.in")).size() == 2);
		this.browser.screenshot("inbox-1280");
		this.browser.width(390);
		this.browser.awaitElement(By.id("back"));
		this.browser.screenshot("inbox-conversation-390");
		this.browser.driver().findElement(By.id("back")).click();
		this.browser.awaitElement(By.id("chats-heading"));
		this.browser.screenshot("inbox-list-390");
	}

	@Test
	void htmlInACustomerMessageIsShownAsTextAndNeverRun() {
		this.browser.signIn(this.agentEmail, PASSWORD);
		String html = "<img src=x onerror=\\\"window.hacked=true\\\"><b>bold</b><script>window.hacked=true</script>";
		customerSays("919812345602", html);
		this.browser.awaitElement(By.cssSelector("[data-chat-id]")).click();
		WebElement incoming = this.browser.awaitElement(By.cssSelector(".message.in .body"));
		assertThat(incoming.getText())
			.isEqualTo("<img src=x onerror=\"window.hacked=true\"><b>bold</b>" + "<script>window.hacked=true</script>");
		assertThat(this.browser.driver().findElements(By.cssSelector(".message img, .message b, .message script")))
			.isEmpty();
		assertThat(this.browser.script("return window.hacked === undefined")).isEqualTo(true);
	}

	@Test
	void anAgentOfAnotherAccountSeesNoneOfIt() {
		customerSays("919812345603", "Private matter");
		TestChannel other = gateway().newSandboxChannel();
		String otherEmail = "other-" + System.nanoTime() + "@example.com";
		this.users.create(other.accountId(), otherEmail, "Olu Other", Role.AGENT, PASSWORD);

		this.browser.signIn(otherEmail, PASSWORD);
		this.browser.awaitElement(By.id("no-chats"));
		assertThat(this.browser.driver().findElements(By.cssSelector("[data-chat-id]"))).isEmpty();
		assertThat(this.browser.driver().getPageSource()).doesNotContain("919812345603");
		String chatId = gateway().get("/crm/chats", this.channel.apiKey()).json().at("/data/0/id").asString();
		Object status = this.browser.script("""
				return fetch('/ui/api/inbox/chats/' + arguments[0]).then((response) => response.status)""", chatId);
		assertThat(status).isEqualTo(404L);
	}

	@Test
	void aCustomerMessageTakenInByAnotherNodeAppearsLiveAndTheSessionWorksThere() {
		try (GatewayProcess nodeB = new GatewayProcess(TestDatabases.postgresUrl(), "inbox-node-b").start()) {
			this.browser.signIn(this.agentEmail, PASSWORD);
			this.browser.await((driver) -> "connected"
				.equals(driver.findElement(By.tagName("body")).getDomAttribute("data-live")));
			GatewayClient.Response written = nodeB.client()
				.curlData("POST", "/v1/sandbox/customer-messages", this.channel.apiKey(),
						"{\"from\":\"919812345604\",\"type\":\"text\",\"text\":{\"body\":\"Hello node B\"}}");
			assertThat(written.status()).isEqualTo(201);
			assertThat(this.browser.awaitElement(By.cssSelector("[data-chat-id]")).getText()).contains("+919812345604");

			String cookie = this.browser.driver().manage().getCookieNamed("WABAGATE_SESSION").getValue();
			GatewayClient.Response onNodeB = nodeB.client()
				.request(nodeB.client().to("/ui/api/inbox/chats").header("Cookie", "WABAGATE_SESSION=" + cookie).GET());
			assertThat(onNodeB.status()).isEqualTo(200);
			assertThat(onNodeB.body()).contains("919812345604");
		}
	}

	/** Whether the sandbox ("WhatsApp") has the customer's latest message marked read. */
	private boolean readOnWhatsApp(String waId) {
		return this.jdbc.sql("""
				select s.read_at is not null from sandbox_customer_messages s
				join customer_messages c on c.channel_id = s.channel_id and c.upstream_id = s.wamid
				where c.channel_id = ? and c.wa_id = ? order by c.received_at desc limit 1""")
			.params(this.channel.channelId(), waId)
			.query(Boolean.class)
			.single();
	}

	private void customerSays(String waId, String text) {
		GatewayClient.Response response = gateway().curlData("POST", "/v1/sandbox/customer-messages",
				this.channel.apiKey(), "{\"from\":\"" + waId + "\",\"profile_name\":\"Ravi Kumar\",\"type\":\"text\","
						+ "\"text\":{\"body\":\"" + text + "\"}}");
		assertThat(response.status()).as(response.toString()).isEqualTo(201);
	}

}
