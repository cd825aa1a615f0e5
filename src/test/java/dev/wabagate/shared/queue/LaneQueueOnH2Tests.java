package dev.wabagate.shared.queue;

import dev.wabagate.support.H2GatewayTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

class LaneQueueOnH2Tests extends H2GatewayTest implements LaneQueueContract {

	@Autowired
	private ApplicationContext context;

	@Override
	public ApplicationContext context() {
		return this.context;
	}

}
