package dev.wabagate.webhooks;

import dev.wabagate.messaging.MessageLifecycle;
import dev.wabagate.messaging.validation.MessageValidator;

/**
 * Deliberately breaks the module boundaries, for {@code ModuleStructureTests} to prove
 * that the check catches it: webhooks may use only messaging's {@code events}, not its
 * lifecycle, and no module may use another's nested (internal) packages. Only that test
 * imports this class; the real check and the application never see it.
 */
class BoundaryBreachUsingMessagingInternals {

	private final MessageLifecycle lifecycle;

	private final MessageValidator validator = new MessageValidator();

	BoundaryBreachUsingMessagingInternals(MessageLifecycle lifecycle) {
		this.lifecycle = lifecycle;
	}

	@Override
	public String toString() {
		return this.lifecycle + " " + this.validator;
	}

}
