package dev.wabagate.upstream.meta;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * A fake of Meta's Graph API on loopback: answers sends with fresh wamids unless a
 * phone-number id has scripted answers (errors, Retry-After, delays, held answers), and
 * records every request.
 */
final class FakeGraph {

	private static final Pattern MESSAGES_PATH = Pattern.compile("/v23\\.0/([^/]+)/messages");

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Map<String, Deque<Answer>> scripts = new ConcurrentHashMap<>();

	private FakeGraph(HttpServer server) {
		this.server = server;
	}

	static FakeGraph start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
			FakeGraph graph = new FakeGraph(server);
			server.createContext("/", graph::handle);
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			server.start();
			return graph;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The next send for this phone-number id gets this answer instead of a wamid. */
	void answerNext(String phoneNumberId, Answer answer) {
		this.scripts.computeIfAbsent(phoneNumberId, (id) -> new ConcurrentLinkedDeque<>()).add(answer);
	}

	List<Request> requestsFor(String phoneNumberId) {
		return this.requests.stream().filter((r) -> phoneNumberId.equals(r.phoneNumberId())).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		Matcher path = MESSAGES_PATH.matcher(exchange.getRequestURI().getPath());
		String phoneNumberId = path.matches() ? path.group(1) : null;
		Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
				exchange.getRequestHeaders().getFirst("Authorization"), body, phoneNumberId);
		this.requests.add(request);
		Answer answer = scripted(phoneNumberId);
		try {
			if (answer.hold() != null) {
				answer.hold().await(30, TimeUnit.SECONDS);
			}
			if (!answer.delay().isZero()) {
				Thread.sleep(answer.delay());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (answer.retryAfterSeconds() != null) {
			exchange.getResponseHeaders().add("Retry-After", String.valueOf(answer.retryAfterSeconds()));
		}
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
		try {
			exchange.sendResponseHeaders(answer.status(), bytes.length);
			exchange.getResponseBody().write(bytes);
		}
		catch (IOException ex) {
			// The gateway gave up waiting (a timeout test): nobody reads this answer.
		}
		finally {
			exchange.close();
		}
	}

	private Answer scripted(@Nullable String phoneNumberId) {
		Deque<Answer> script = (phoneNumberId != null) ? this.scripts.get(phoneNumberId) : null;
		Answer next = (script != null) ? script.poll() : null;
		if (next != null) {
			return next;
		}
		return (phoneNumberId != null) ? Answer.wamid(newWamid()) : Answer.error(404, 803, "Unknown path");
	}

	static String newWamid() {
		return "wamid.HBgLFAKE" + java.util.UUID.randomUUID().toString().replace("-", "").toUpperCase();
	}

	record Request(String method, String path, @Nullable String authorization, String body,
			@Nullable String phoneNumberId) {
	}

	/**
	 * @param hold when set, the answer waits until it is counted down (for "Meta was
	 * faster than us" tests)
	 */
	record Answer(int status, String body, @Nullable Integer retryAfterSeconds, Duration delay,
			@Nullable CountDownLatch hold) {

		static Answer wamid(String wamid) {
			return new Answer(200, """
					{"messaging_product":"whatsapp","contacts":[{"input":"+1","wa_id":"1"}],
					 "messages":[{"id":"%s"}]}""".formatted(wamid), null, Duration.ZERO, null);
		}

		static Answer error(int httpStatus, int code, String title) {
			return new Answer(httpStatus, """
					{"error":{"message":"(#%d) %s","type":"OAuthException","code":%d,
					 "error_data":{"messaging_product":"whatsapp","details":"Details of %d"},"fbtrace_id":"AbC"}}"""
				.formatted(code, title, code, code), null, Duration.ZERO, null);
		}

		Answer retryAfter(int seconds) {
			return new Answer(this.status, this.body, seconds, this.delay, this.hold);
		}

		Answer after(Duration delay) {
			return new Answer(this.status, this.body, this.retryAfterSeconds, delay, this.hold);
		}

		Answer heldUntil(CountDownLatch release) {
			return new Answer(this.status, this.body, this.retryAfterSeconds, this.delay, release);
		}

	}

}
