package dev.wabagate.support;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A whole gateway on a random loopback port, with fast sandbox timings. Subclasses choose
 * the database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "wabagate.admin-token=" + GatewayClient.ADMIN_TOKEN, "wabagate.demo.enabled=false",
				"wabagate.sandbox.sent-delay=20ms", "wabagate.sandbox.delivered-delay=40ms",
				"wabagate.sandbox.read-delay=60ms", "wabagate.sandbox.poll-interval=20ms",
				"wabagate.sandbox.timeout-delay=300ms", "wabagate.sandbox.template-review-delay=50ms",
				"wabagate.dispatch.poll-interval=20ms", "wabagate.dispatch.backoff-base=100ms",
				"wabagate.api-keys.requests-per-second=100000", "wabagate.api-keys.request-burst=100000",
				"wabagate.webhooks.poll-interval=20ms", "wabagate.webhooks.timeout=2s",
				"wabagate.webhooks.retry-schedule=100ms,200ms,400ms,800ms,1600ms",
				// Many cached contexts share one PostgreSQL server: each keeps only the
				// connections it uses.
				"spring.datasource.hikari.minimum-idle=1", "spring.datasource.hikari.idle-timeout=10000" })
public abstract class GatewayTest {

	@LocalServerPort
	private int port;

	private GatewayClient gateway;

	public GatewayClient gateway() {
		if (this.gateway == null) {
			this.gateway = new GatewayClient("http://127.0.0.1:" + this.port);
		}
		return this.gateway;
	}

}
