package dev.wabagate.messaging;

import dev.wabagate.support.H2GatewayTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = { "wabagate.sandbox.sent-delay=1h", "wabagate.sandbox.delivered-delay=1h",
		"wabagate.sandbox.read-delay=1h" })
class StatusHistoryOnH2Tests extends H2GatewayTest implements StatusHistoryContract {

	@Autowired
	private ApplicationContext context;

	@Override
	public ApplicationContext context() {
		return this.context;
	}

}
