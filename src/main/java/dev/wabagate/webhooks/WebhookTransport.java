package dev.wabagate.webhooks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.jspecify.annotations.Nullable;

/**
 * Posts one webhook request over HTTP/1.1. It resolves the host itself, refuses the
 * request if any resolved address is denied by the {@link AddressPolicy}, and connects to
 * the address it checked, keeping the host name for the Host header, SNI and certificate
 * verification: a DNS answer that changes between the check and the connection (DNS
 * rebinding) cannot redirect the request. Redirects are answers like any other: not
 * followed. The whole exchange, connect to response headers, is bounded by one timeout.
 * <p>
 * Connections are kept alive (ADR 0028): after an answer whose end is known (a
 * {@code Content-Length} of at most 64 KiB, read and dropped, or no body) and without
 * {@code Connection: close}, the connection waits idle, at most {@code maxIdlePerOrigin}
 * of them per (scheme, address, port, host) and {@code maxIdle} in all, for
 * {@value #IDLE_SECONDS} seconds (less than common servers' idle timeouts, e.g. Node's
 * 5). A request takes one only for an address its own resolution just checked; any error
 * closes it. A reused connection that fails before the first byte of an answer (the
 * server closed it meanwhile) is replaced by a new one for the same request.
 */
final class WebhookTransport {

	private static final int MAX_RESPONSE_HEAD_BYTES = 16 * 1024;

	private static final int MAX_DRAINED_BODY_BYTES = 64 * 1024;

	private static final int IDLE_SECONDS = 4;

	private static final long IDLE_NANOS = Duration.ofSeconds(IDLE_SECONDS).toNanos();

	private final AddressPolicy policy;

	private final SSLSocketFactory tls;

	private final int maxIdlePerOrigin;

	private final int maxIdle;

	private final Map<Origin, Deque<Connection>> idle = new ConcurrentHashMap<>();

	private final AtomicInteger idleCount = new AtomicInteger();

	private final AtomicLong sweptAtNanos = new AtomicLong(System.nanoTime());

	WebhookTransport(AddressPolicy policy, SSLSocketFactory tls, int maxIdlePerOrigin, int maxIdle) {
		this.policy = policy;
		this.tls = tls;
		this.maxIdlePerOrigin = maxIdlePerOrigin;
		this.maxIdle = maxIdle;
	}

	/** The outcome of one request. */
	sealed interface Result {

		/** The endpoint answered with a status code. */
		record Answered(int statusCode, @Nullable Duration retryAfter) implements Result {
		}

		/** No answer: refused address, DNS, connect, TLS or timeout failure. */
		record Failed(String error) implements Result {
		}

	}

	Result post(URI url, Map<String, String> headers, byte[] body, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		String scheme = String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT);
		String host = url.getHost();
		if (host == null || !(scheme.equals("http") || scheme.equals("https"))) {
			return new Result.Failed("Not an http(s) URL with a host");
		}
		String bareHost = (host.startsWith("[") && host.endsWith("]")) ? host.substring(1, host.length() - 1) : host;
		int port = (url.getPort() != -1) ? url.getPort() : scheme.equals("https") ? 443 : 80;
		InetAddress[] addresses;
		try {
			addresses = InetAddress.getAllByName(bareHost);
		}
		catch (UnknownHostException ex) {
			return new Result.Failed("Host " + bareHost + " does not resolve");
		}
		for (InetAddress address : addresses) {
			if (!this.policy.permits(address)) {
				return new Result.Failed("Refused: " + bareHost + " resolves to " + address.getHostAddress()
						+ ", a private or reserved address that is not allowed");
			}
		}
		sweepIdle();
		Connection reused = takeIdle(scheme, addresses, port, bareHost);
		try {
			if (reused != null) {
				try {
					return exchange(reused, url, host, headers, body, deadline);
				}
				catch (IOException ex) {
					if (reused.answerStarted || ex instanceof SocketTimeoutException) {
						throw ex;
					}
					// Closed by the server while it waited idle: the request goes on a
					// new one.
				}
			}
			return exchange(open(scheme, addresses, port, bareHost, deadline), url, host, headers, body, deadline);
		}
		catch (SocketTimeoutException ex) {
			return new Result.Failed("Timed out after " + timeout.toMillis() + " ms");
		}
		catch (IOException ex) {
			return new Result.Failed(ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	/** A new connection to the first of the checked addresses that answers. */
	private Connection open(String scheme, InetAddress[] addresses, int port, String host, long deadline)
			throws IOException {
		Socket socket = connect(addresses, port, deadline);
		try {
			Origin origin = new Origin(scheme, socket.getInetAddress(), port, host);
			return new Connection(origin, scheme.equals("https") ? startTls(socket, host, port, deadline) : socket);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	/** Where a connection goes: the address is the one checked and connected to. */
	private record Origin(String scheme, InetAddress address, int port, String host) {
	}

	/** An open connection and its streams, which outlive one exchange. */
	private static final class Connection {

		final Origin origin;

		final Socket socket;

		final InputStream in;

		final OutputStream out;

		long idleSinceNanos;

		/** Whether the current exchange has read a byte of the answer. */
		boolean answerStarted;

		Connection(Origin origin, Socket socket) throws IOException {
			this.origin = origin;
			this.socket = socket;
			this.in = new BufferedInputStream(socket.getInputStream());
			this.out = socket.getOutputStream();
		}

		void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// Nothing more to do with it.
			}
		}

	}

	/**
	 * One request and its answer on a connection, which then waits idle if it can be
	 * reused and is closed otherwise (also on any exception).
	 */
	private Result exchange(Connection connection, URI url, String host, Map<String, String> headers, byte[] body,
			long deadline) throws IOException {
		boolean keep = false;
		try {
			connection.answerStarted = false;
			connection.socket.setSoTimeout(remainingMillis(deadline));
			writeRequest(connection.out, url, host, headers, body);
			Answer answer = readResponse(connection, deadline);
			keep = answer.reusable();
			return answer.result();
		}
		finally {
			if (keep) {
				putIdle(connection);
			}
			else {
				connection.close();
			}
		}
	}

	/** An idle connection to one of the addresses just checked, or null. */
	private @Nullable Connection takeIdle(String scheme, InetAddress[] addresses, int port, String host) {
		if (this.idleCount.get() == 0) {
			return null;
		}
		long now = System.nanoTime();
		for (InetAddress address : addresses) {
			Deque<Connection> waiting = this.idle.get(new Origin(scheme, address, port, host));
			if (waiting == null) {
				continue;
			}
			synchronized (waiting) {
				Connection connection;
				while ((connection = waiting.pollFirst()) != null) {
					this.idleCount.decrementAndGet();
					if (now - connection.idleSinceNanos < IDLE_NANOS && !connection.socket.isClosed()) {
						return connection;
					}
					connection.close();
				}
			}
		}
		return null;
	}

	private void putIdle(Connection connection) {
		Deque<Connection> waiting = this.idle.computeIfAbsent(connection.origin, (origin) -> new ArrayDeque<>());
		synchronized (waiting) {
			if (waiting.size() >= this.maxIdlePerOrigin || this.idleCount.incrementAndGet() > this.maxIdle) {
				if (waiting.size() < this.maxIdlePerOrigin) {
					this.idleCount.decrementAndGet();
				}
				connection.close();
				return;
			}
			connection.idleSinceNanos = System.nanoTime();
			// Most recently used first: the others age out when fewer are needed.
			waiting.offerFirst(connection);
		}
	}

	/** Closes every idle connection (at shutdown). */
	void closeIdle() {
		this.idle.values().forEach((waiting) -> {
			synchronized (waiting) {
				waiting.forEach(Connection::close);
				this.idleCount.addAndGet(-waiting.size());
				waiting.clear();
			}
		});
	}

	/** Closes connections idle too long, at most once a second. */
	private void sweepIdle() {
		long now = System.nanoTime();
		long swept = this.sweptAtNanos.get();
		if (now - swept < 1_000_000_000L || !this.sweptAtNanos.compareAndSet(swept, now)) {
			return;
		}
		this.idle.values().forEach((waiting) -> {
			synchronized (waiting) {
				waiting.removeIf((connection) -> {
					if (now - connection.idleSinceNanos < IDLE_NANOS) {
						return false;
					}
					this.idleCount.decrementAndGet();
					connection.close();
					return true;
				});
			}
		});
	}

	private static Socket connect(InetAddress[] addresses, int port, long deadline) throws IOException {
		IOException last = null;
		for (InetAddress address : addresses) {
			Socket socket = new Socket();
			try {
				socket.connect(new InetSocketAddress(address, port), remainingMillis(deadline));
				socket.setTcpNoDelay(true);
				return socket;
			}
			catch (SocketTimeoutException ex) {
				socket.close();
				throw ex;
			}
			catch (IOException ex) {
				socket.close();
				last = ex;
			}
		}
		throw (last != null) ? last : new IOException("No address to connect to");
	}

	private Socket startTls(Socket socket, String host, int port, long deadline) throws IOException {
		SSLSocket tlsSocket = (SSLSocket) this.tls.createSocket(socket, host, port, true);
		SSLParameters parameters = tlsSocket.getSSLParameters();
		parameters.setEndpointIdentificationAlgorithm("HTTPS");
		if (!host.matches("[0-9a-fA-F:.]+")) {
			parameters.setServerNames(List.of(new SNIHostName(host)));
		}
		tlsSocket.setSSLParameters(parameters);
		tlsSocket.setSoTimeout(remainingMillis(deadline));
		tlsSocket.startHandshake();
		return tlsSocket;
	}

	/**
	 * The request in one write (a separate body write would wait on Nagle's algorithm).
	 */
	private static void writeRequest(OutputStream out, URI url, String host, Map<String, String> headers, byte[] body)
			throws IOException {
		String path = (url.getRawPath() == null || url.getRawPath().isEmpty()) ? "/" : url.getRawPath();
		if (url.getRawQuery() != null) {
			path += "?" + url.getRawQuery();
		}
		StringBuilder head = new StringBuilder(512).append("POST ").append(path).append(" HTTP/1.1\r\n");
		head.append("Host: ").append(host).append((url.getPort() != -1) ? ":" + url.getPort() : "").append("\r\n");
		head.append("Content-Type: application/json\r\n");
		head.append("Content-Length: ").append(body.length).append("\r\n");
		head.append("User-Agent: Wabagate-Webhooks/1\r\n");
		headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		head.append("\r\n");
		byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
		byte[] request = Arrays.copyOf(headBytes, headBytes.length + body.length);
		System.arraycopy(body, 0, request, headBytes.length, body.length);
		out.write(request);
		out.flush();
	}

	/** What came back, and whether the connection can carry another request. */
	private record Answer(Result result, boolean reusable) {
	}

	private static Answer readResponse(Connection connection, long deadline) throws IOException {
		while (true) {
			String head = readHead(connection, deadline);
			String[] lines = head.split("\r\n");
			String[] statusLine = lines[0].split(" ", 3);
			if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
				return new Answer(new Result.Failed("Not an HTTP response: " + abbreviate(lines[0])), false);
			}
			int status;
			try {
				status = Integer.parseInt(statusLine[1]);
			}
			catch (NumberFormatException ex) {
				return new Answer(new Result.Failed("Not an HTTP status: " + abbreviate(lines[0])), false);
			}
			if (status >= 100 && status < 200) {
				continue;
			}
			Duration retryAfter = null;
			long contentLength = -1;
			boolean reusable = statusLine[0].equals("HTTP/1.1");
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon <= 0) {
					continue;
				}
				String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
				String value = lines[i].substring(colon + 1).strip();
				switch (name) {
					case "retry-after" -> retryAfter = retryAfter(value);
					case "content-length" -> contentLength = contentLength(value, contentLength);
					case "transfer-encoding" -> reusable = false;
					case "connection" -> reusable &= !value.toLowerCase(Locale.ROOT).contains("close");
					default -> {
					}
				}
			}
			Result result = new Result.Answered(status, retryAfter);
			if (status == 204 || status == 304) {
				return new Answer(result, reusable);
			}
			// A body without a known, small length ends only when the server closes.
			if (!reusable || contentLength < 0 || contentLength > MAX_DRAINED_BODY_BYTES) {
				return new Answer(result, false);
			}
			return new Answer(result, drain(connection, contentLength, deadline));
		}
	}

	/** -2 for an invalid or contradictory Content-Length, which ends reuse. */
	private static long contentLength(String value, long before) {
		try {
			long length = Long.parseLong(value);
			return (length < 0 || (before != -1 && before != length)) ? -2 : length;
		}
		catch (NumberFormatException ex) {
			return -2;
		}
	}

	/** Reads and drops the answer's body; whether it was read whole. */
	private static boolean drain(Connection connection, long length, long deadline) {
		try {
			long left = length;
			while (left > 0) {
				connection.socket.setSoTimeout(remainingMillis(deadline));
				long skipped = connection.in.skip(left);
				if (skipped <= 0) {
					if (connection.in.read() < 0) {
						return false;
					}
					skipped = 1;
				}
				left -= skipped;
			}
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String readHead(Connection connection, long deadline) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream(256);
		int matched = 0;
		while (matched < 4) {
			connection.socket.setSoTimeout(remainingMillis(deadline));
			int next = connection.in.read();
			if (next < 0) {
				throw new IOException("Connection closed before the response was complete");
			}
			connection.answerStarted = true;
			head.write(next);
			matched = (next == ((matched % 2 == 0) ? '\r' : '\n')) ? matched + 1 : (next == '\r') ? 1 : 0;
			if (head.size() > MAX_RESPONSE_HEAD_BYTES) {
				throw new IOException("Response headers larger than " + MAX_RESPONSE_HEAD_BYTES + " bytes");
			}
		}
		return head.toString(StandardCharsets.ISO_8859_1);
	}

	private static @Nullable Duration retryAfter(String value) {
		try {
			return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
		}
		catch (NumberFormatException notSeconds) {
			try {
				Duration until = Duration.between(Instant.now(),
						ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
				return until.isNegative() ? Duration.ZERO : until;
			}
			catch (DateTimeParseException notADate) {
				return null;
			}
		}
	}

	private static int remainingMillis(long deadline) throws SocketTimeoutException {
		long remaining = (deadline - System.nanoTime()) / 1_000_000;
		if (remaining <= 0) {
			throw new SocketTimeoutException("deadline passed");
		}
		return (int) Math.min(remaining, Integer.MAX_VALUE);
	}

	private static String abbreviate(String text) {
		return (text.length() > 100) ? text.substring(0, 100) + "..." : text;
	}

}
