package dev.wabagate.webhooks;

import dev.wabagate.support.PostgresGatewayTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class WebhooksOnPostgresTests extends PostgresGatewayTest implements WebhooksContract {

	@Autowired
	private JdbcClient jdbc;

	@Override
	public JdbcClient jdbc() {
		return this.jdbc;
	}

}
