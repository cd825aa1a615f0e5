package dev.wabagate.upstream;

/**
 * Where providers report statuses. Implemented by the messaging core; called inside the
 * provider's transaction so a report is applied exactly when the provider's intake
 * commits.
 */
public interface UpstreamStatusHandler {

	/**
	 * @return false when no message has this upstream id yet (the report came early):
	 * retry later
	 */
	boolean onStatus(UpstreamStatus status);

}
