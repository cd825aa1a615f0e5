package dev.wabagate.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A gateway in a process of its own, started from the test JVM's classpath with the JDK
 * that runs the tests, so it can be killed with SIGKILL and restarted like a real
 * deployment.
 */
public final class GatewayProcess implements AutoCloseable {

	private final String databaseUrl;

	private final String nodeId;

	private final int port;

	private final List<String> extraArgs;

	private final Path log;

	private final GatewayClient client;

	private Process process;

	public GatewayProcess(String databaseUrl, String nodeId, String... extraArgs) {
		this.databaseUrl = databaseUrl;
		this.nodeId = nodeId;
		this.port = freePort();
		this.extraArgs = List.of(extraArgs);
		this.client = new GatewayClient(base());
		try {
			this.log = Files.createTempFile("wabagate-" + nodeId + "-", ".log");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Starts the process and waits until it answers its health check. */
	public GatewayProcess start() {
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElseThrow());
		command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", applicationClasspath(),
				"dev.wabagate.WabagateApplication", "--server.port=" + this.port,
				"--spring.datasource.url=" + this.databaseUrl, "--spring.datasource.username=" + TestDatabases.USER,
				"--spring.datasource.password=", "--wabagate.admin-token=" + GatewayClient.ADMIN_TOKEN,
				"--wabagate.demo.enabled=false", "--wabagate.dispatch.node-id=" + this.nodeId,
				"--wabagate.sandbox.sent-delay=20ms", "--wabagate.sandbox.delivered-delay=40ms",
				"--wabagate.sandbox.read-delay=60ms", "--wabagate.sandbox.poll-interval=20ms",
				"--wabagate.sandbox.template-review-delay=50ms", "--wabagate.dispatch.poll-interval=20ms",
				"--wabagate.dispatch.lease=3s", "--wabagate.api-keys.requests-per-second=100000",
				"--wabagate.api-keys.request-burst=100000", "--spring.datasource.hikari.minimum-idle=1",
				"--spring.datasource.hikari.idle-timeout=10000", "--logging.level.root=warn"));
		command.addAll(this.extraArgs);
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		awaitHealthy(Duration.ofSeconds(120));
		return this;
	}

	/** SIGKILL: no shutdown hook, no graceful drain. */
	public void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** A client for this gateway; it stays valid across restarts (same port). */
	public GatewayClient client() {
		return this.client;
	}

	public String base() {
		return "http://127.0.0.1:" + this.port;
	}

	public String nodeId() {
		return this.nodeId;
	}

	@Override
	public void close() {
		if (this.process != null && this.process.isAlive()) {
			kill();
		}
	}

	private void awaitHealthy(Duration atMost) {
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + atMost.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Gateway " + this.nodeId + " exited; see " + this.log);
			}
			try {
				HttpResponse<Void> health = http.send(
						HttpRequest.newBuilder(URI.create(base() + "/actuator/health")).GET().build(),
						HttpResponse.BodyHandlers.discarding());
				if (health.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			sleep(Duration.ofMillis(200));
		}
		throw new IllegalStateException("Gateway " + this.nodeId + " did not start; see " + this.log);
	}

	/** The application's classes and dependencies, without the test classes. */
	private static String applicationClasspath() {
		// Surefire starts the test JVM from a manifest-only jar and names the real
		// classpath in this property.
		String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
		return Arrays.stream(classpath.split(File.pathSeparator))
			.filter((entry) -> !entry.endsWith("test-classes"))
			.collect(Collectors.joining(File.pathSeparator));
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
