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
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 */
final class WebhookTransport {

	private static final int MAX_RESPONSE_HEAD_BYTES = 16 * 1024;

	private final AddressPolicy policy;

	private final SSLSocketFactory tls;

	WebhookTransport(AddressPolicy policy, SSLSocketFactory tls) {
		this.policy = policy;
		this.tls = tls;
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
		try (Socket socket = connect(addresses, port, deadline)) {
			Socket channel = scheme.equals("https") ? startTls(socket, bareHost, port, deadline) : socket;
			writeRequest(channel.getOutputStream(), url, host, headers, body);
			return readResponse(channel, deadline);
		}
		catch (SocketTimeoutException ex) {
			return new Result.Failed("Timed out after " + timeout.toMillis() + " ms");
		}
		catch (IOException ex) {
			return new Result.Failed(ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	private static Socket connect(InetAddress[] addresses, int port, long deadline) throws IOException {
		IOException last = null;
		for (InetAddress address : addresses) {
			Socket socket = new Socket();
			try {
				socket.connect(new InetSocketAddress(address, port), remainingMillis(deadline));
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
		head.append("Connection: close\r\n");
		head.append("User-Agent: Wabagate-Webhooks/1\r\n");
		headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		head.append("\r\n");
		out.write(head.toString().getBytes(StandardCharsets.UTF_8));
		out.write(body);
		out.flush();
	}

	private static Result readResponse(Socket socket, long deadline) throws IOException {
		InputStream in = new BufferedInputStream(socket.getInputStream());
		while (true) {
			String head = readHead(socket, in, deadline);
			String[] lines = head.split("\r\n");
			String[] statusLine = lines[0].split(" ", 3);
			if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
				return new Result.Failed("Not an HTTP response: " + abbreviate(lines[0]));
			}
			int status;
			try {
				status = Integer.parseInt(statusLine[1]);
			}
			catch (NumberFormatException ex) {
				return new Result.Failed("Not an HTTP status: " + abbreviate(lines[0]));
			}
			if (status >= 100 && status < 200) {
				continue;
			}
			Duration retryAfter = null;
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon > 0 && lines[i].substring(0, colon).strip().equalsIgnoreCase("Retry-After")) {
					retryAfter = retryAfter(lines[i].substring(colon + 1).strip());
				}
			}
			return new Result.Answered(status, retryAfter);
		}
	}

	private static String readHead(Socket socket, InputStream in, long deadline) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream(256);
		int matched = 0;
		while (matched < 4) {
			socket.setSoTimeout(remainingMillis(deadline));
			int next = in.read();
			if (next < 0) {
				throw new IOException("Connection closed before the response was complete");
			}
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
