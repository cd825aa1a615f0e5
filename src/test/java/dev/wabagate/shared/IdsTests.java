package dev.wabagate.shared;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdsTests {

	/**
	 * Ids take their random bits from buffers shared by threads: drawn by many threads at
	 * once, each id is well-formed and none is handed out twice.
	 */
	@Test
	void idsDrawnByManyThreadsAtOnceAreWellFormedAndDistinct() throws Exception {
		List<Callable<List<String>>> draws = new ArrayList<>();
		for (int thread = 0; thread < 16; thread++) {
			draws.add(() -> {
				List<String> ids = new ArrayList<>();
				for (int i = 0; i < 5_000; i++) {
					ids.add(Ids.next("msg"));
				}
				return ids;
			});
		}
		Set<String> all = new HashSet<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (Future<List<String>> drawn : threads.invokeAll(draws)) {
				for (String id : drawn.get()) {
					assertThat(id).matches("msg_[0-9A-HJKMNP-TV-Z]{26}");
					all.add(id);
				}
			}
		}
		assertThat(all).hasSize(16 * 5_000);
	}

}
