package dev.wabagate.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.wabagate.support.GatewayClient.Response;
import dev.wabagate.support.GatewayClient.TestChannel;
import dev.wabagate.support.GatewayTest;
import dev.wabagate.support.TcpProxy;
import dev.wabagate.support.TestDatabases;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL becomes unreachable while the gateway runs (a proxy in front of it is cut;
 * the shared server keeps running): sends are refused with 503 and Retry-After, never a
 * 500, readiness goes down, and once the database is back the gateway recovers by itself
 * and every message it accepted reaches the customer.
 */
class DatabaseOutageTests extends GatewayTest {

	private static final TcpProxy PROXY = startProxy();

	@DynamicPropertySource
	static void proxiedPostgres(DynamicPropertyRegistry registry) {
		String url = TestDatabases.freshPostgresDatabaseThrough(PROXY);
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> TestDatabases.USER);
		registry.add("spring.datasource.password", () -> "");
		registry.add("spring.datasource.hikari.connection-timeout", () -> "2000");
	}

	@AfterAll
	static void closeProxy() throws IOException {
		PROXY.close();
	}

	@Test
	void sendsAreRefusedWith503WhileTheDatabaseIsUnreachableAndNothingAcceptedIsLost() throws Exception {
		TestChannel channel = gateway().newSandboxChannelWithHelloTemplate();
		List<String> accepted = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			Response sent = send(channel, "44770090" + String.format("%04d", i));
			assertThat(sent.status()).isEqualTo(201);
			accepted.add(sent.json().get("messages").get(0).get("id").asString());
		}

		PROXY.cut();
		try {
			// Several at once, as under load: each is refused, none with a 500, within
			// the pool's timeout (2 s here) and a margin, not after it once per request.
			List<Response> refusals = new ArrayList<>();
			long started = System.nanoTime();
			try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
				List<Future<Response>> sends = new ArrayList<>();
				for (int i = 0; i < 8; i++) {
					String to = "44770091" + String.format("%04d", i);
					sends.add(senders.submit(() -> send(channel, to)));
				}
				for (Future<Response> sent : sends) {
					refusals.add(sent.get());
				}
			}
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
			for (Response refused : refusals) {
				assertThat(refused.status()).as(refused.body()).isEqualTo(503);
				assertThat(refused.headers().firstValue("Retry-After")).hasValue("2");
				assertThat(refused.json().get("errors").get(0).get("code").asInt()).isEqualTo(1011);
			}
			Response readiness = gateway().request(gateway().to("/actuator/health/readiness").GET());
			assertThat(readiness.status()).isEqualTo(503);
		}
		finally {
			PROXY.restore();
		}

		Response recovered = awaitAccepted(channel, "447700920000");
		assertThat(recovered.status()).isEqualTo(201);
		accepted.add(recovered.json().get("messages").get(0).get("id").asString());
		assertThat(gateway().request(gateway().to("/actuator/health/readiness").GET()).status()).isEqualTo(200);
		for (String id : accepted) {
			Response message = gateway().await("/v1/messages/" + id, channel.apiKey(),
					(r) -> "read".equals(r.json().get("status").asString()), Duration.ofSeconds(60));
			assertThat(message.json().get("status").asString()).as(id).isEqualTo("read");
		}
	}

	private Response send(TestChannel channel, String to) {
		return gateway().curlData("POST", "/v1/messages", channel.apiKey(), """
				{"to":"%s","type":"template","template":{"name":"hello","language":{"code":"en"}}}""".formatted(to));
	}

	/**
	 * The pool reconnects by itself; until it has, sends may still be refused with 503.
	 */
	private Response awaitAccepted(TestChannel channel, String to) {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		Response last = send(channel, to);
		while (last.status() == 503 && System.nanoTime() < deadline) {
			sleep(200);
			last = send(channel, to);
		}
		return last;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static TcpProxy startProxy() {
		try {
			return TestDatabases.proxy();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
