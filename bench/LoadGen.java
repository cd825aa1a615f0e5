import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wabagate's load generator: closed-loop clients on virtual threads, each sending its
 * next request when the previous one is answered.
 *
 * <pre>
 * java LoadGen.java ping   BASE SECONDS CONCURRENCY
 * java LoadGen.java accept BASE SECONDS CONCURRENCY APIKEY
 * java LoadGen.java burst  BASE COUNT   CONCURRENCY APIKEY[,APIKEY...]
 * </pre>
 *
 * ping and accept run a 5 s warm-up, then measure; burst sends COUNT template messages
 * spread over the keys. Prints one line: key=value figures.
 */
public class LoadGen {

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		String base = args[1];
		long amount = Long.parseLong(args[2]);
		int concurrency = Integer.parseInt(args[3]);
		String[] keys = (args.length > 4) ? args[4].split(",") : new String[0];
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.executor(Executors.newVirtualThreadPerTaskExecutor())
			.build();
		AtomicLong sequence = new AtomicLong();
		RequestFactory requests = switch (mode) {
			case "ping" -> () -> HttpRequest.newBuilder(URI.create(base + "/bench/ping")).GET().build();
			case "accept" -> () -> post(base, keys[0], text(sequence.incrementAndGet()));
			case "burst" -> () -> {
				long n = sequence.incrementAndGet();
				return post(base, keys[(int) (n % keys.length)], template(n));
			};
			default -> throw new IllegalArgumentException(mode);
		};
		if (mode.equals("burst")) {
			Result result = run(http, requests, concurrency, Long.MAX_VALUE, amount);
			System.out.println(result.line());
			return;
		}
		run(http, requests, concurrency, System.nanoTime() + Duration.ofSeconds(5).toNanos(), Long.MAX_VALUE);
		Result result = run(http, requests, concurrency, System.nanoTime() + Duration.ofSeconds(amount).toNanos(),
				Long.MAX_VALUE);
		System.out.println(result.line());
	}

	private static Result run(HttpClient http, RequestFactory requests, int concurrency, long deadline, long count)
			throws InterruptedException {
		AtomicLong issued = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		List<long[]> latencies = new ArrayList<>();
		long started = System.nanoTime();
		List<Thread> clients = new ArrayList<>();
		for (int c = 0; c < concurrency; c++) {
			long[] mine = new long[4_000_000 / concurrency];
			latencies.add(mine);
			int index = c;
			clients.add(Thread.ofVirtual().start(() -> {
				int n = 0;
				while (System.nanoTime() < deadline && issued.incrementAndGet() <= count && n < mine.length) {
					long t0 = System.nanoTime();
					try {
						HttpResponse<Void> response = http.send(requests.next(), HttpResponse.BodyHandlers.discarding());
						if (response.statusCode() >= 300) {
							errors.incrementAndGet();
						}
					}
					catch (Exception ex) {
						errors.incrementAndGet();
					}
					mine[n++] = System.nanoTime() - t0;
				}
				mine[mine.length - 1] = n;
			}));
		}
		for (Thread client : clients) {
			client.join();
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		long[] all = latencies.stream()
			.flatMapToLong((mine) -> Arrays.stream(mine, 0, (int) mine[mine.length - 1]))
			.sorted()
			.toArray();
		return new Result(all, errors.get(), seconds);
	}

	private static HttpRequest post(String base, String key, String body) {
		return HttpRequest.newBuilder(URI.create(base + "/v1/messages"))
			.header("API-KEY", key)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private static String text(long n) {
		return "{\"to\":\"+4477" + String.format("%08d", n % 100_000_000)
				+ "\",\"type\":\"text\",\"text\":{\"body\":\"Your order " + n + " has shipped\"}}";
	}

	private static String template(long n) {
		return "{\"to\":\"+4478" + String.format("%08d", n % 100_000_000)
				+ "\",\"type\":\"template\",\"template\":{\"namespace\":\"ns\",\"name\":\"shipped\","
				+ "\"language\":{\"policy\":\"deterministic\",\"code\":\"en\"}}}";
	}

	interface RequestFactory {

		HttpRequest next();

	}

	record Result(long[] sorted, long errors, double seconds) {

		String line() {
			long ok = this.sorted.length - this.errors;
			return String.format("requests=%d errors=%d seconds=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f",
					this.sorted.length, this.errors, this.seconds, ok / this.seconds, percentile(0.50),
					percentile(0.99));
		}

		double percentile(double p) {
			if (this.sorted.length == 0) {
				return 0;
			}
			return this.sorted[(int) Math.min(this.sorted.length - 1, Math.floor(p * this.sorted.length))] / 1e6;
		}

	}

}
