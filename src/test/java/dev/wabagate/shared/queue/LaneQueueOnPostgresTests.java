package dev.wabagate.shared.queue;

import dev.wabagate.support.PostgresGatewayTest;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

class LaneQueueOnPostgresTests extends PostgresGatewayTest implements LaneQueueContract {

	@Autowired
	private ApplicationContext context;

	@Override
	public ApplicationContext context() {
		return this.context;
	}

}
