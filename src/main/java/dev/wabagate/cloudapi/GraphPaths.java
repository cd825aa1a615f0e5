package dev.wabagate.cloudapi;

/**
 * The Graph path prefixes: every endpoint is served with a version segment (the SDKs send
 * {@code v17.0} to {@code v24.0}; any {@code v<major>.<minor>} is accepted and the
 * answers do not depend on it) and without one, which some SDKs drop.
 */
final class GraphPaths {

	static final String VERSION = "/{version:v\\d+\\.\\d+}";

	private GraphPaths() {
	}

}
