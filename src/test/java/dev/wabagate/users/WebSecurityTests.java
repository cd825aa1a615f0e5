package dev.wabagate.users;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.wabagate.support.GatewayClient;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.H2GatewayTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web pages' security: sessions, CSRF, password storage and lock-out, and that the
 * API paths never meet it. On the embedded default (H2), where sessions live in H2 too.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebSecurityTests extends H2GatewayTest {

	private static final String PASSWORD = "a long and secret passphrase";

	@Autowired
	private Users users;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private ServletContext servletContext;

	@Test
	void withoutASessionTheWebApiAnswers401AndThePagesSendToTheSignIn() {
		WebSession anonymous = new WebSession(gateway().base());
		assertThat(anonymous.get("/ui/api/inbox/chats").statusCode()).isEqualTo(401);
		assertThat(
				anonymous.json("POST", "/ui/api/inbox/chats/chat_x/messages", "{\"text\":\"hi\"}", false).statusCode())
			.isIn(401, 403);
		HttpResponse<String> inbox = anonymous.get("/inbox");
		assertThat(inbox.statusCode()).isEqualTo(302);
		assertThat(inbox.headers().firstValue("Location"))
			.hasValueSatisfying((to) -> assertThat(to).endsWith("/signin"));
		assertThat(anonymous.get("/").headers().firstValue("Location"))
			.hasValueSatisfying((to) -> assertThat(to).endsWith("/signin"));
	}

	@Test
	void aChangeWithoutTheCsrfTokenIsRefusedAndWithItGoesThrough() {
		WebSession agent = signedInAgent(gateway().newSandboxChannel());
		agent.page("/inbox");
		assertThat(agent.json("POST", "/ui/api/inbox/chats/chat_unknown/read", "", false).statusCode()).isEqualTo(403);
		assertThat(agent.json("POST", "/ui/api/inbox/chats/chat_unknown/read", "", true).statusCode()).isEqualTo(404);
	}

	@Test
	void theSessionCookieIsHttpOnlyAndSameSite() {
		TestChannel channel = gateway().newSandboxChannel();
		String email = newAgent(channel);
		HttpResponse<String> signedIn = new WebSession(gateway().base()).signIn(email, PASSWORD);
		assertThat(signedIn.headers().allValues("Set-Cookie"))
			.anySatisfy((cookie) -> assertThat(cookie).startsWith("WABAGATE_SESSION=")
				.contains("HttpOnly")
				.contains("SameSite=Lax"));
	}

	@Test
	void aPasswordIsStoredOnlyAsASlowHashAndNeverLogged(CapturedOutput output) {
		TestChannel channel = gateway().newSandboxChannel();
		String email = newAgent(channel);
		new WebSession(gateway().base()).signIn(email, "a wrong passphrase, once");
		assertThat(new WebSession(gateway().base()).signIn(email, PASSWORD).headers().firstValue("Location"))
			.hasValueSatisfying((to) -> assertThat(to).doesNotContain("error"));
		String stored = this.jdbc.sql("select password_hash from users where email = ?")
			.param(email)
			.query(String.class)
			.single();
		assertThat(stored).startsWith("{bcrypt}$2").doesNotContain(PASSWORD);
		assertThat(output.getAll()).doesNotContain(PASSWORD).doesNotContain("a wrong passphrase, once");
	}

	@Test
	void fiveFailedSignInsInARowLockTheUserEvenAgainstTheRightPassword() {
		String email = newAgent(gateway().newSandboxChannel());
		for (int i = 0; i < Users.FAILURES_BEFORE_LOCK - 1; i++) {
			assertThat(new WebSession(gateway().base()).signIn(email, "wrong " + i).headers().firstValue("Location"))
				.hasValueSatisfying((to) -> assertThat(to).endsWith("/signin?error"));
		}
		assertThat(new WebSession(gateway().base()).signIn(email, "wrong again").headers().firstValue("Location"))
			.hasValueSatisfying((to) -> assertThat(to).endsWith("/signin?locked"));
		assertThat(new WebSession(gateway().base()).signIn(email, PASSWORD).headers().firstValue("Location"))
			.hasValueSatisfying((to) -> assertThat(to).endsWith("/signin?locked"));
	}

	@Test
	void theApiPathsDoNotPassThroughTheWebSecurityFilters() {
		TestChannel channel = gateway().newSandboxChannel();
		GatewayClient.Response api = gateway().get("/v1/messages/msg_unknown", channel.apiKey());
		assertThat(api.status()).isEqualTo(404);
		assertThat(api.headers().firstValue("X-Frame-Options")).isEmpty();
		assertThat(api.headers().firstValue("Set-Cookie")).isEmpty();
		GatewayClient.Response health = gateway().request(gateway().to("/actuator/health").GET());
		assertThat(health.headers().firstValue("X-Frame-Options")).isEmpty();
		assertThat(new WebSession(gateway().base()).get("/signin").headers().firstValue("X-Frame-Options"))
			.hasValue("DENY");
	}

	@Test
	void onlyTheCharacterEncodingFilterRunsOnEveryPathAndThePagesFiltersOnTheWebPathsOnly() {
		Map<String, Set<String>> pathsByFilter = this.servletContext.getFilterRegistrations()
			.values()
			.stream()
			.collect(Collectors.toMap(FilterRegistration::getName,
					(filter) -> Set.copyOf(filter.getUrlPatternMappings())));
		Set<String> webPaths = Set.copyOf(WebSecurityConfiguration.WEB_URL_PATTERNS);

		assertThat(pathsByFilter).containsOnly(Map.entry("characterEncodingFilter", Set.of("/*")),
				Map.entry("requestContextFilter", webPaths), Map.entry("resourceUrlEncodingFilter", webPaths),
				Map.entry("springSecurityFilterChain", webPaths), Map.entry("springSessionRepositoryFilter", webPaths));
	}

	@Test
	void theAdminApiCreatesTheFirstOperatorWhoseOneTimePasswordSignsIn() {
		String email = "first-operator-" + System.nanoTime() + "@example.com";
		GatewayClient.Response created = gateway().admin("POST", "/admin/v1/users",
				"{\"email\":\"" + email + "\",\"display_name\":\"First operator\",\"role\":\"operator\"}");
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		WebSession operator = new WebSession(gateway().base());
		operator.signIn(email, created.json().get("password").asString());
		assertThat(operator.get("/").headers().firstValue("Location"))
			.hasValueSatisfying((to) -> assertThat(to).endsWith("/console"));
		assertThat(gateway()
			.admin("POST", "/admin/v1/users",
					"{\"email\":\"x-" + email + "\",\"display_name\":\"X\",\"role\":\"agent\"}")
			.status()).as("an agent needs an account").isEqualTo(400);
	}

	private WebSession signedInAgent(TestChannel channel) {
		WebSession session = new WebSession(gateway().base());
		session.signIn(newAgent(channel), PASSWORD);
		return session;
	}

	private String newAgent(TestChannel channel) {
		String email = "agent-" + System.nanoTime() + "@example.com";
		this.users.create(channel.accountId(), email, "Test agent", Role.AGENT, PASSWORD);
		return email;
	}

}
