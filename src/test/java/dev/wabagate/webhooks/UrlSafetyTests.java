package dev.wabagate.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connect-time address check: whatever the URL says, the addresses it resolves to are
 * checked before a connection is made, and only allow-listed ranges open private ones.
 */
class UrlSafetyTests {

	private final AddressPolicy denyAll = new AddressPolicy(List.of());

	private final AddressPolicy allowLoopback = new AddressPolicy(List.of("127.0.0.0/8", "::1/128"));

	private HttpServer server;

	private final AtomicInteger hits = new AtomicInteger();

	@BeforeEach
	void startServer() throws Exception {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.createContext("/", (exchange) -> {
			this.hits.incrementAndGet();
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		this.server.start();
	}

	@AfterEach
	void stopServer() {
		this.server.stop(0);
	}

	@Test
	void privateLoopbackLinkLocalCgnatAndMetadataAddressesAreDenied() throws Exception {
		for (String address : List.of("127.0.0.1", "10.1.2.3", "172.31.255.255", "192.168.0.1", "169.254.169.254",
				"100.64.0.1", "100.127.255.254", "0.0.0.0", "::1", "fd12:3456::1", "fe80::1", "224.0.0.1")) {
			assertThat(this.denyAll.permits(InetAddress.getByName(address))).as(address).isFalse();
		}
		for (String address : List.of("8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111")) {
			assertThat(this.denyAll.permits(InetAddress.getByName(address))).as(address).isTrue();
		}
	}

	@Test
	void ipv4MappedAndCompatibleIpv6AreJudgedAsTheirIpv4Address() throws Exception {
		byte[] mapped = new byte[16];
		mapped[10] = (byte) 0xff;
		mapped[11] = (byte) 0xff;
		mapped[12] = (byte) 169;
		mapped[13] = (byte) 254;
		mapped[14] = (byte) 169;
		mapped[15] = (byte) 254;
		InetAddress metadata = Inet6Address.getByAddress(null, mapped, -1);
		assertThat(this.denyAll.permits(metadata)).isFalse();
		assertThat(this.denyAll.permits(InetAddress.getByName("::ffff:10.0.0.1"))).isFalse();
		assertThat(this.denyAll.permits(InetAddress.getByName("::ffff:8.8.8.8"))).isTrue();
		assertThat(this.allowLoopback.permits(InetAddress.getByName("::ffff:127.0.0.1"))).isTrue();
		assertThat(this.allowLoopback.permits(metadata)).isFalse();
	}

	@Test
	void aNameResolvingToLoopbackIsRefusedAtConnectTimeWhenLoopbackIsNotAllowed() {
		WebhookTransport transport = new WebhookTransport(this.denyAll,
				(SSLSocketFactory) SSLSocketFactory.getDefault(), 8, 8);

		WebhookTransport.Result result = transport.post(URI.create("http://localhost:" + port() + "/hook"), Map.of(),
				"{}".getBytes(), Duration.ofSeconds(2));

		assertThat(result).isInstanceOf(WebhookTransport.Result.Failed.class);
		assertThat(((WebhookTransport.Result.Failed) result).error()).contains("Refused").contains("localhost");
		assertThat(this.hits).hasValue(0);
	}

	@Test
	void literalAndMappedLoopbackUrlsAreRefusedWithoutConnecting() {
		WebhookTransport transport = new WebhookTransport(this.denyAll,
				(SSLSocketFactory) SSLSocketFactory.getDefault(), 8, 8);
		for (String url : List.of("http://127.0.0.1:" + port() + "/", "http://[::ffff:127.0.0.1]:" + port() + "/",
				"http://[::1]:" + port() + "/")) {
			assertThat(transport.post(URI.create(url), Map.of(), "{}".getBytes(), Duration.ofSeconds(2))).as(url)
				.isInstanceOf(WebhookTransport.Result.Failed.class);
		}
		assertThat(this.hits).hasValue(0);
	}

	@Test
	void anAllowListedRangeIsReachable() {
		WebhookTransport transport = new WebhookTransport(this.allowLoopback,
				(SSLSocketFactory) SSLSocketFactory.getDefault(), 8, 8);

		WebhookTransport.Result result = transport.post(URI.create("http://localhost:" + port() + "/hook"), Map.of(),
				"{}".getBytes(), Duration.ofSeconds(2));

		assertThat(result).isEqualTo(new WebhookTransport.Result.Answered(204, null));
		assertThat(this.hits).hasValue(1);
	}

	private int port() {
		return this.server.getAddress().getPort();
	}

}
