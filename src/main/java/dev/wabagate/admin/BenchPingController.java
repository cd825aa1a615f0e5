package dev.wabagate.admin;

import java.util.Map;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A trivial JSON endpoint, on only for benchmarks ({@code wabagate.bench.enabled}): the
 * baseline the accept path's throughput is compared with, through the same server,
 * filters and JSON writer.
 */
@Hidden
@RestController
@ConditionalOnBooleanProperty("wabagate.bench.enabled")
class BenchPingController {

	@GetMapping("/bench/ping")
	Map<String, String> ping() {
		return Map.of("status", "ok");
	}

}
