package dev.wabagate.webhooks;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.wabagate.webhooks.WebhookTransport.Result;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keep-alive of webhook connections, against a raw HTTP/1.1 server on loopback that
 * answers as told and records which connection carried each request.
 */
class WebhookTransportTests {

	private final RawServer server = new RawServer();

	private final WebhookTransport transport = new WebhookTransport(new AddressPolicy(List.of("127.0.0.0/8")),
			(SSLSocketFactory) SSLSocketFactory.getDefault(), 8, 8);

	@AfterEach
	void stop() throws IOException {
		this.server.close();
	}

	@Test
	void anAnswerOfKnownLengthLeavesTheConnectionForTheNextRequest() {
		this.server.answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

		assertThat(post()).isEqualTo(new Result.Answered(200, null));
		assertThat(post()).isEqualTo(new Result.Answered(200, null));
		assertThat(post()).isEqualTo(new Result.Answered(200, null));

		assertThat(this.server.connectionOfEachRequest).containsExactly(1, 1, 1);
		assertThat(this.server.headersOfEachRequest).noneMatch((head) -> head.contains("connection:"));
	}

	@Test
	void connectionCloseAChunkedOrUnboundedBodyAndHttp10EndTheConnection() {
		for (String answer : List.of("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
				"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", "HTTP/1.1 200 OK\r\n\r\n",
				"HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n")) {
			this.server.answer = answer;
			this.server.closeAfterAnswer = true;

			assertThat(post()).as(answer).isEqualTo(new Result.Answered(200, null));
		}
		this.server.closeAfterAnswer = false;
		this.server.answer = "HTTP/1.1 204 No Content\r\n\r\n";
		post();
		post();

		assertThat(this.server.connectionOfEachRequest).containsExactly(1, 2, 3, 4, 5, 5);
	}

	@Test
	void aConnectionTheServerClosedWhileIdleIsReplacedForTheSameRequest() throws Exception {
		this.server.answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
		this.server.closeAfterAnswer = true;
		assertThat(post()).isEqualTo(new Result.Answered(200, null));
		// The server closed without saying so: the next request finds out on the pooled
		// connection, before any answer.
		Thread.sleep(100);
		this.server.closeAfterAnswer = false;

		assertThat(post()).isEqualTo(new Result.Answered(200, null));

		assertThat(this.server.connectionOfEachRequest).containsExactly(1, 2);
	}

	@Test
	void aFailureAnsweredOnAReusedConnectionIsNotSentAgain() {
		this.server.answer = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7\r\nContent-Length: 4\r\n\r\nbusy";

		assertThat(post()).isEqualTo(new Result.Answered(503, Duration.ofSeconds(7)));
		assertThat(post()).isEqualTo(new Result.Answered(503, Duration.ofSeconds(7)));

		assertThat(this.server.connectionOfEachRequest).containsExactly(1, 1);
	}

	@Test
	void aPooledConnectionIsUsedOnlyWhenTheAddressIsStillAllowed() {
		this.server.answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
		assertThat(post()).isEqualTo(new Result.Answered(200, null));
		WebhookTransport denying = new WebhookTransport(new AddressPolicy(List.of()),
				(SSLSocketFactory) SSLSocketFactory.getDefault(), 8, 8);

		assertThat(denying.post(url(), Map.of(), "{}".getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(2)))
			.isInstanceOf(Result.Failed.class);
		assertThat(this.server.connectionOfEachRequest).containsExactly(1);
	}

	private Result post() {
		return this.transport.post(url(), Map.of("webhook-id", "evt_1"), "{}".getBytes(StandardCharsets.US_ASCII),
				Duration.ofSeconds(2));
	}

	private URI url() {
		return URI.create("http://127.0.0.1:" + this.server.socket.getLocalPort() + "/hook");
	}

	/**
	 * Reads requests with a Content-Length body and answers each with {@link #answer}.
	 */
	private static final class RawServer implements AutoCloseable {

		final ServerSocket socket;

		final List<Integer> connectionOfEachRequest = new CopyOnWriteArrayList<>();

		final List<String> headersOfEachRequest = new CopyOnWriteArrayList<>();

		final AtomicInteger connections = new AtomicInteger();

		volatile String answer = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

		volatile boolean closeAfterAnswer;

		RawServer() {
			try {
				this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			Thread.ofVirtual().start(this::accept);
		}

		private void accept() {
			while (!this.socket.isClosed()) {
				try {
					Socket connection = this.socket.accept();
					int number = this.connections.incrementAndGet();
					Thread.ofVirtual().start(() -> serve(connection, number));
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		private void serve(Socket connection, int number) {
			try (connection) {
				InputStream in = new BufferedInputStream(connection.getInputStream());
				OutputStream out = connection.getOutputStream();
				while (true) {
					String head = readHead(in);
					if (head == null) {
						return;
					}
					int length = 0;
					for (String line : head.split("\r\n")) {
						if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
							length = Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
						}
					}
					in.readNBytes(length);
					this.connectionOfEachRequest.add(number);
					this.headersOfEachRequest.add(head.toLowerCase(Locale.ROOT));
					boolean close = this.closeAfterAnswer;
					out.write(this.answer.getBytes(StandardCharsets.US_ASCII));
					out.flush();
					if (close) {
						return;
					}
				}
			}
			catch (IOException ex) {
				// The client went away.
			}
		}

		private static String readHead(InputStream in) throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			int next;
			while ((next = in.read()) >= 0) {
				head.write(next);
				if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
					return head.toString(StandardCharsets.ISO_8859_1);
				}
			}
			return null;
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}
