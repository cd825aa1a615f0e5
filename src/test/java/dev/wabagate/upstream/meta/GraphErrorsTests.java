package dev.wabagate.upstream.meta;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.wabagate.upstream.SendOutcome;
import dev.wabagate.upstream.SendOutcome.Scope;

import static org.assertj.core.api.Assertions.assertThat;

class GraphErrorsTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static JsonNode graphError(int code) {
		return JSON.readTree(FakeGraph.Answer.error(400, code, "Title of " + code).text());
	}

	@ParameterizedTest(name = "HTTP {0} code {1} is retried for the {2}")
	@CsvSource({ "400, 130429, CHANNEL", "429, 130429, CHANNEL", "400, 80007, CHANNEL", "429, 4, CHANNEL",
			"400, 17, CHANNEL", "400, 131056, RECIPIENT", "500, 131000, MESSAGE", "503, 131016, MESSAGE",
			"500, 131057, MESSAGE", "503, 2, MESSAGE", "500, 999999, MESSAGE", "502, 1234, MESSAGE" })
	void retryableCodes(int httpStatus, int code, Scope scope) {
		SendOutcome outcome = GraphErrors.classify(httpStatus, graphError(code), null);

		assertThat(outcome).isInstanceOfSatisfying(SendOutcome.RetryLater.class, (retry) -> {
			assertThat(retry.code()).isEqualTo(code);
			assertThat(retry.scope()).isEqualTo(scope);
			assertThat(retry.outcomeUnknown()).isFalse();
		});
	}

	@ParameterizedTest(name = "HTTP {0} code {1} is refused for good")
	@CsvSource({ "401, 190", "401, 0", "400, 100", "400, 131008", "400, 131009", "400, 131026", "400, 131047",
			"400, 131051", "400, 132000", "404, 132001", "400, 132005", "400, 132012", "400, 132015", "400, 132016",
			"400, 133010", "403, 368", "403, 130497", "403, 10", "403, 200", "400, 131048", "500, 3", "502, 1",
			"400, 424242" })
	void permanentCodes(int httpStatus, int code) {
		SendOutcome outcome = GraphErrors.classify(httpStatus, graphError(code), null);

		assertThat(outcome).isInstanceOfSatisfying(SendOutcome.Rejected.class, (rejected) -> {
			assertThat(rejected.code()).isEqualTo(code);
			assertThat(rejected.title()).isEqualTo("Title of " + code);
			assertThat(rejected.details()).isEqualTo("Details of " + code);
		});
	}

	@Test
	void aThroughputErrorCarriesMetasRetryAfter() {
		SendOutcome outcome = GraphErrors.classify(400, graphError(130429), Duration.ofSeconds(7));

		assertThat(outcome).isInstanceOfSatisfying(SendOutcome.RetryLater.class,
				(retry) -> assertThat(retry.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
	}

	@Test
	void theTitleFallsBackToOursWhenMetaSendsNoMessage() {
		JsonNode bare = JSON.readTree("{\"error\":{\"code\":131047}}");

		assertThat(GraphErrors.classify(400, bare, null)).isInstanceOfSatisfying(SendOutcome.Rejected.class,
				(rejected) -> assertThat(rejected.title()).isEqualTo("Re-engagement message"));
	}

	@ParameterizedTest(name = "HTTP {0} without a Graph error is retried for the {1}")
	@CsvSource({ "429, CHANNEL", "502, MESSAGE", "404, MESSAGE" })
	void answersWithoutAGraphErrorAreRetried(int httpStatus, Scope scope) {
		SendOutcome outcome = GraphErrors.classify(httpStatus, null, null);

		assertThat(outcome).isInstanceOfSatisfying(SendOutcome.RetryLater.class,
				(retry) -> assertThat(retry.scope()).isEqualTo(scope));
	}

}
