package dev.wabagate.messaging.dispatch;

import dev.wabagate.support.H2GatewayTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = { "wabagate.dispatch.give-up-age=3s", "wabagate.dispatch.throttle-recovery=4s",
		"wabagate.dispatch.max-in-flight=1" })
class DispatchOnH2Tests extends H2GatewayTest implements DispatchContract {

	@Autowired
	private JdbcClient jdbc;

	@Override
	public JdbcClient jdbc() {
		return this.jdbc;
	}

}
