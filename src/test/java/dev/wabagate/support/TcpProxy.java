package dev.wabagate.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on loopback in front of a server (the shared PostgreSQL), which a test cuts
 * to make that server unreachable without stopping it: {@link #cut()} breaks every open
 * connection and refuses new ones, {@link #restore()} listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

	private final String targetHost;

	private final int targetPort;

	private final int port;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile ServerSocket listener;

	public TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.listener = listen(0);
		this.port = this.listener.getLocalPort();
		acceptOn(this.listener);
	}

	public int port() {
		return this.port;
	}

	/** Breaks every connection and refuses new ones. */
	public synchronized void cut() throws IOException {
		this.listener.close();
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
		this.open.clear();
	}

	/** Accepts connections again, on the same port. */
	public synchronized void restore() throws IOException {
		if (this.listener.isClosed()) {
			this.listener = listen(this.port);
			acceptOn(this.listener);
		}
	}

	@Override
	public void close() throws IOException {
		cut();
	}

	private static ServerSocket listen(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		return socket;
	}

	private void acceptOn(ServerSocket server) {
		Thread.ofVirtual().start(() -> {
			while (!server.isClosed()) {
				try {
					Socket client = server.accept();
					Socket upstream = new Socket(this.targetHost, this.targetPort);
					this.open.add(client);
					this.open.add(upstream);
					pipe(client, upstream);
					pipe(upstream, client);
				}
				catch (IOException ex) {
					// Closed by cut(), or the target refused: the client sees a broken
					// connection.
				}
			}
		});
	}

	private void pipe(Socket from, Socket to) {
		Thread.ofVirtual().start(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
				}
			}
			catch (IOException ex) {
				// One side closed: close the other too.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.open.remove(from);
				this.open.remove(to);
			}
		});
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Already closed.
		}
	}

}
