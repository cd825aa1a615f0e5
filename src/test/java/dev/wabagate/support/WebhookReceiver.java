package dev.wabagate.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A business's webhook endpoint on loopback. It checks every request's
 * {@code webhook-signature} with the official Standard Webhooks Java library and
 * {@code X-Hub-Signature-256} with its own HMAC, and can be told to fail, hang, redirect
 * or answer 410, or be stopped and started again on the same port.
 */
public final class WebhookReceiver implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public enum Mode {

		OK, FAIL, HANG, REDIRECT, GONE

	}

	private final int port;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger hanging = new AtomicInteger();

	private final CountDownLatch releaseHanging = new CountDownLatch(1);

	private volatile HttpServer server;

	private volatile Mode mode = Mode.OK;

	private volatile String secret;

	private volatile String appSecret;

	private WebhookReceiver(HttpServer server) {
		this.server = server;
		this.port = server.getAddress().getPort();
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public static WebhookReceiver start() {
		return new WebhookReceiver(bind(0));
	}

	private static HttpServer bind(int port) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.port + "/hook";
	}

	public WebhookReceiver secret(String secret) {
		this.secret = secret;
		return this;
	}

	/** X-Hub-Signature-256 is then checked with this Cloud API app secret string. */
	public WebhookReceiver appSecret(String appSecret) {
		this.appSecret = appSecret;
		return this;
	}

	public WebhookReceiver mode(Mode mode) {
		this.mode = mode;
		return this;
	}

	/** Stops listening: connections are refused until {@link #restart()}. */
	public void stop() {
		this.server.stop(0);
	}

	public void restart() {
		this.server = bind(this.port);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** Requests hanging right now. */
	public int hanging() {
		return this.hanging.get();
	}

	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/** The requests this receiver accepted (answered 200). */
	public List<Request> accepted() {
		return this.requests.stream().filter((request) -> request.answered() == 200).toList();
	}

	/** Waits until the accepted requests satisfy {@code done}, at most {@code atMost}. */
	public List<Request> await(Predicate<List<Request>> done, Duration atMost) {
		return awaitOf(this::accepted, done, atMost);
	}

	/** Waits until every request so far, whatever its answer, satisfies {@code done}. */
	public List<Request> awaitRequests(Predicate<List<Request>> done, Duration atMost) {
		return awaitOf(this::requests, done, atMost);
	}

	private static List<Request> awaitOf(Supplier<List<Request>> requests, Predicate<List<Request>> done,
			Duration atMost) {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (!done.test(requests.get()) && System.nanoTime() < deadline) {
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		return requests.get();
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		long receivedAt = System.nanoTime();
		Mode current = this.mode;
		int answer = switch (current) {
			case OK -> 200;
			case FAIL -> 503;
			case HANG -> 0;
			case REDIRECT -> 302;
			case GONE -> 410;
		};
		Request request = new Request(first(exchange, "webhook-id"), first(exchange, "webhook-timestamp"),
				new String(body, StandardCharsets.UTF_8), standardSignatureValid(exchange, body),
				hubSignatureValid(exchange, body), exchange.getRequestHeaders().getFirst("Authorization"),
				(answer == 0) ? 504 : answer, receivedAt, body, headers(exchange));
		this.requests.add(request);
		if (current == Mode.HANG) {
			this.hanging.incrementAndGet();
			try {
				this.releaseHanging.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.hanging.decrementAndGet();
			}
			exchange.close();
			return;
		}
		if (current == Mode.REDIRECT) {
			exchange.getResponseHeaders().add("Location", url() + "/elsewhere");
		}
		exchange.sendResponseHeaders(answer, -1);
		exchange.close();
	}

	private boolean standardSignatureValid(HttpExchange exchange, byte[] body) {
		try {
			new Webhook(this.secret).verify(new String(body, StandardCharsets.UTF_8),
					Map.of("webhook-id", List.of(first(exchange, "webhook-id")), "webhook-timestamp",
							List.of(first(exchange, "webhook-timestamp")), "webhook-signature",
							List.of(first(exchange, "webhook-signature"))));
			return true;
		}
		catch (WebhookVerificationException | RuntimeException ex) {
			return false;
		}
	}

	private boolean hubSignatureValid(HttpExchange exchange, byte[] body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			byte[] key = (this.appSecret != null) ? this.appSecret.getBytes(StandardCharsets.UTF_8)
					: Base64.getDecoder().decode(this.secret.substring("whsec_".length()));
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
			return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
					first(exchange, "X-Hub-Signature-256").getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			return false;
		}
	}

	private static Map<String, String> headers(HttpExchange exchange) {
		Map<String, String> headers = new TreeMap<>();
		exchange.getRequestHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
		return headers;
	}

	private static String first(HttpExchange exchange, String header) {
		String value = exchange.getRequestHeaders().getFirst(header);
		return (value != null) ? value : "";
	}

	@Override
	public void close() {
		this.releaseHanging.countDown();
		this.server.stop(0);
	}

	/**
	 * One request as received.
	 *
	 * @param answered the status answered (504 for a request left hanging)
	 * @param raw the body's exact bytes
	 * @param headers every header, names in lower case
	 */
	public record Request(String webhookId, String timestamp, String body, boolean standardSignatureValid,
			boolean hubSignatureValid, String authorization, int answered, long receivedAtNanos, byte[] raw,
			Map<String, String> headers) {

		public JsonNode json() {
			return JSON.readTree(this.body);
		}

	}

	/** The accepted requests' bodies, in arrival order. */
	public List<JsonNode> acceptedBodies() {
		List<JsonNode> bodies = new ArrayList<>();
		accepted().forEach((request) -> bodies.add(request.json()));
		return bodies;
	}

}
