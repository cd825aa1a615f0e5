package dev.wabagate.inbox;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import dev.wabagate.support.Browser;
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
		assertThat(this.browser.textOf(By.cssSelector("[data-chat-id]"))).contains("+919812345601");
		assertThat(this.browser.textOf(By.cssSelector("[data-chat-id] [data-unread]"))).isEqualTo("1");

		this.browser.click(By.cssSelector("[data-chat-id]"));
		assertThat(this.browser.textOf(By.cssSelector(".message.in"))).contains("Where is my order?");
		Boolean markedRead = this.browser.await((driver) -> readOnWhatsApp("919812345601") ? Boolean.TRUE : null);
		assertThat(markedRead).isTrue();

		WebElement reply = this.browser.driver().findElement(By.id("reply-text"));
		reply.sendKeys("It left our warehouse this morning.");
		reply.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
		assertThat(this.browser.textOf(By.cssSelector(".message.out[data-status=read]")))
			.contains("It left our warehouse this morning.")
			.contains("Read");

		customerSays("919812345601", "Thanks!");
		this.browser.await((driver) -> driver.findElements(By.cssSelector(".message.in")).size() == 2);
		this.browser.screenshot("inbox-1280");
		this.browser.width(390);
		this.browser.awaitElement(By.id("back"));
		this.browser.screenshot("inbox-conversation-390");
		this.browser.click(By.id("back"));
		this.browser.awaitElement(By.id("chats-heading"));
		this.browser.screenshot("inbox-list-390");
	}

	@Test
	void htmlInACustomerMessageIsShownAsTextAndNeverRun() {
		this.browser.signIn(this.agentEmail, PASSWORD);
		String html = "<img src=x onerror=\\\"window.hacked=true\\\"><b>bold</b><script>window.hacked=true</script>";
		customerSays("919812345602", html);
		this.browser.click(By.cssSelector("[data-chat-id]"));
		assertThat(this.browser.textOf(By.cssSelector(".message.in .body")))
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
			awaitLive();
			GatewayClient.Response written = nodeB.client()
				.curlData("POST", "/v1/sandbox/customer-messages", this.channel.apiKey(),
						"{\"from\":\"919812345604\",\"type\":\"text\",\"text\":{\"body\":\"Hello node B\"}}");
			assertThat(written.status()).isEqualTo(201);
			assertThat(this.browser.textOf(By.cssSelector("[data-chat-id]"))).contains("+919812345604");

			String cookie = this.browser.driver().manage().getCookieNamed("WABAGATE_SESSION").getValue();
			GatewayClient.Response onNodeB = nodeB.client()
				.request(nodeB.client().to("/ui/api/inbox/chats").header("Cookie", "WABAGATE_SESSION=" + cookie).GET());
			assertThat(onNodeB.status()).isEqualTo(200);
			assertThat(onNodeB.body()).contains("919812345604");
		}
	}

	@Test
	void theAgentSendsAnImageAndSeesTheCustomersImage() throws IOException {
		GatewayClient.Response uploaded = gateway().request(gateway().to("/v1/media")
			.header("API-KEY", this.channel.apiKey())
			.header("Content-Type", "image/png")
			.POST(HttpRequest.BodyPublishers.ofByteArray(png(Color.ORANGE))));
		assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
		String mediaId = uploaded.json().at("/media/0/id").asString();
		GatewayClient.Response photo = gateway().curlData("POST", "/v1/sandbox/customer-messages",
				this.channel.apiKey(), "{\"from\":\"919812345605\",\"type\":\"image\",\"image\":{\"id\":\"" + mediaId
						+ "\",\"caption\":\"The damaged box\"}}");
		assertThat(photo.status()).as(photo.toString()).isEqualTo(201);

		this.browser.signIn(this.agentEmail, PASSWORD);
		this.browser.click(By.cssSelector("[data-chat-id]"));
		assertThat(loadedWidth(By.cssSelector(".message.in[data-type=image] img"))).isEqualTo(8L);
		assertThat(this.browser.textOf(By.cssSelector(".message.in"))).contains("The damaged box");

		Path picture = Files.createTempFile("reply-", ".png");
		Files.write(picture, png(Color.BLUE));
		this.browser.driver().findElement(By.id("reply-text")).sendKeys("Here is the replacement");
		this.browser.driver().findElement(By.id("attachment")).sendKeys(picture.toString());
		this.browser.driver().findElement(By.cssSelector("#attach-form button[type=submit]")).click();
		By ours = By.cssSelector(".message.out[data-type=image][data-status=read]");
		assertThat(this.browser.textOf(ours)).contains("Here is the replacement");
		assertThat(loadedWidth(By.cssSelector(".message.out[data-type=image] img"))).isEqualTo(8L);
		this.browser.screenshot("inbox-media-1280");
	}

	@Test
	void withTheWindowClosedTheAgentCanOnlySendATemplateAndSendsOne() {
		GatewayClient.Response created = gateway().curlData("POST", "/v1/configs/templates", this.channel.apiKey(), """
				{"name":"order_update","category":"UTILITY","language":"en","components":[{"type":"BODY",
				 "text":"Hello {{1}}, your order {{2}} has shipped.","example":{"body_text":[["Ravi","A-1001"]]}}]}""");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		gateway().await("/v1/configs/templates", this.channel.apiKey(), (r) -> r.body().contains("\"approved\""),
				Duration.ofSeconds(30));
		customerSays("919812345606", "Any news?");
		this.jdbc.sql("update chats set last_inbound_at = ? where channel_id = ?")
			.params(Timestamp.from(Instant.now().minus(Duration.ofHours(25))), this.channel.channelId())
			.update();

		this.browser.signIn(this.agentEmail, PASSWORD);
		this.browser.click(By.cssSelector("[data-chat-id]"));
		this.browser.awaitElement(By.id("template-form"));
		assertThat(this.browser.driver().findElement(By.id("reply-form")).isDisplayed()).isFalse();
		assertThat(this.browser.driver().findElement(By.id("attach-form")).isDisplayed()).isFalse();
		assertThat(this.browser.driver().findElement(By.id("window-state")).getText()).contains("closed");

		this.browser.driver().findElement(By.id("template-body-1")).sendKeys("Ravi");
		this.browser.driver().findElement(By.id("template-body-2")).sendKeys("B-2002");
		assertThat(this.browser.driver().findElement(By.id("template-preview")).getText())
			.isEqualTo("Hello Ravi, your order B-2002 has shipped.");
		this.browser.screenshot("inbox-template-only-1280");
		this.browser.driver().findElement(By.cssSelector("#template-form button[type=submit]")).click();
		assertThat(this.browser.textOf(By.cssSelector(".message.out[data-type=template][data-status=read]")))
			.contains("order_update")
			.contains("Ravi")
			.contains("B-2002");
		this.browser.width(390);
		this.browser.screenshot("inbox-template-only-390");
	}

	@Test
	void theAgentEditsACustomFieldWithItsTypeEnforcedAssignsTheChatAndClosesIt() {
		GatewayClient.Response field = gateway().curlData("POST", "/crm/setting/custom-field", this.channel.apiKey(),
				"{\"name\":\"Email\",\"type\":\"email\"}");
		assertThat(field.status()).as(field.toString()).isEqualTo(201);
		customerSays("919812345607", "Please send the invoice");

		this.browser.signIn(this.agentEmail, PASSWORD);
		this.browser.click(By.cssSelector("[data-chat-id]"));
		awaitLive();
		By email = By.cssSelector("#fields-form input[type=email]");
		this.browser.replaceText(email, "not an email");
		this.browser.click(By.cssSelector("#fields-form button"));
		assertThat(this.browser.<String>await((driver) -> {
			String toast = driver.findElement(By.id("toast")).getText();
			return toast.isEmpty() ? null : toast;
		})).contains("must be an email address");

		this.browser.replaceText(email, "ravi@example.com");
		this.browser.click(By.cssSelector("#fields-form button"));
		this.browser
			.await((driver) -> gateway().get("/crm/chat/setting/919812345607/custom-field", this.channel.apiKey())
				.body()
				.contains("ravi@example.com") ? Boolean.TRUE : null);

		this.browser.selectByVisibleText(By.id("assignee"), "Asha Agent (me)");
		this.browser.selectByValue(By.id("assignee-filter"), "me");
		this.browser
			.await((driver) -> driver.findElement(By.cssSelector("[data-chat-id]")).getText().contains("Asha Agent")
					? Boolean.TRUE : null);
		this.browser.screenshot("inbox-side-panel-1280");
		this.browser.width(390);
		this.browser.click(By.id("details-toggle"));
		this.browser.awaitElement(By.id("details-heading"));
		this.browser.screenshot("inbox-side-panel-390");
		this.browser.width(1280);

		this.browser.click(By.id("state-toggle"));
		this.browser
			.await((driver) -> driver.findElements(By.cssSelector("[data-chat-id]")).isEmpty() ? Boolean.TRUE : null);
		this.browser.selectByValue(By.id("state-filter"), "closed");
		assertThat(this.browser.textOf(By.cssSelector("[data-chat-id]"))).contains("closed");
	}

	/**
	 * Waits until the page's live stream is connected and the page has been read again
	 * after connecting, so nothing re-renders what a test holds next.
	 */
	private void awaitLive() {
		this.browser
			.await((driver) -> "connected".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-live")));
	}

	/**
	 * The natural width of the image {@code image} finds, once loaded; found again at
	 * each try, since a live update may re-render the conversation meanwhile.
	 */
	private long loadedWidth(By image) {
		return this.browser.<Long>await((driver) -> {
			Long width = (Long) this.browser.script("return arguments[0].complete ? arguments[0].naturalWidth : 0",
					driver.findElement(image));
			return (width > 0) ? width : null;
		});
	}

	private static byte[] png(Color color) throws IOException {
		BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setColor(color);
		graphics.fillRect(0, 0, 8, 8);
		graphics.dispose();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
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
