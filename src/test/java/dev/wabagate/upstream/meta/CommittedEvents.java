package dev.wabagate.upstream.meta;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.wabagate.upstream.CustomerMessageReceived;
import dev.wabagate.upstream.TemplateStatusReported;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.transaction.event.TransactionalEventListener;

/** What the webhook intake published, as seen once its transaction committed. */
@TestConfiguration(proxyBeanMethods = false)
class CommittedEvents {

	final List<CustomerMessageReceived> customerMessages = new CopyOnWriteArrayList<>();

	final List<TemplateStatusReported> templateStatuses = new CopyOnWriteArrayList<>();

	@TransactionalEventListener(fallbackExecution = true)
	void on(CustomerMessageReceived received) {
		this.customerMessages.add(received);
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(TemplateStatusReported reported) {
		this.templateStatuses.add(reported);
	}

}
