package dev.wabagate.webhooks;

import dev.wabagate.support.H2GatewayTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class WebhooksOnH2Tests extends H2GatewayTest implements WebhooksContract {

	@Autowired
	private JdbcClient jdbc;

	@Override
	public JdbcClient jdbc() {
		return this.jdbc;
	}

}
