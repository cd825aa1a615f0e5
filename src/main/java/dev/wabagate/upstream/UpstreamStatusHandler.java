package dev.wabagate.upstream;

import java.util.List;

/**
 * Where providers report statuses. Implemented by the messaging core; called inside the
 * provider's transaction so a report is applied exactly when the provider's intake
 * commits. A report naming a message id the dispatcher has not recorded yet (the provider
 * was faster than our commit) is kept and applied once the id is recorded, so a provider
 * never needs to repeat it.
 */
public interface UpstreamStatusHandler {

	void onStatus(UpstreamStatus status);

	/** Several reports, applied in their order (a simulator or webhook batch). */
	void onStatuses(List<UpstreamStatus> statuses);

	/**
	 * Applies, in their order, the reports whose message id has been recorded, and
	 * answers the others, which are not kept: for a provider that offers them again later
	 * itself (the sandbox's stored timeline, as WhatsApp retries a webhook that was not
	 * acknowledged), which costs less than keeping them here.
	 */
	List<UpstreamStatus> applyKnown(List<UpstreamStatus> statuses);

}
