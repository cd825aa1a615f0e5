package dev.wabagate.shared;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

/** The name a gateway process uses in leases and attempt records. */
public final class NodeIds {

	private NodeIds() {
	}

	/** The configured node id, or host name and process id. */
	public static String resolve(@Nullable String configured) {
		if (configured != null) {
			return configured;
		}
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "node";
		}
		return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
	}

}
