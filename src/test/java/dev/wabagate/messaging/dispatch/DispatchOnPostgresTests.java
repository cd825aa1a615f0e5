package dev.wabagate.messaging.dispatch;

import dev.wabagate.support.PostgresGatewayTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = { "wabagate.dispatch.give-up-age=3s", "wabagate.dispatch.throttle-recovery=4s",
		"wabagate.dispatch.max-in-flight=1" })
class DispatchOnPostgresTests extends PostgresGatewayTest implements DispatchContract {

	@Autowired
	private JdbcClient jdbc;

	@Override
	public JdbcClient jdbc() {
		return this.jdbc;
	}

}
