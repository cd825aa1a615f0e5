package dev.wabagate.messaging;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.wabagate.messaging.MessageLifecycle.Step;
import dev.wabagate.upstream.UpstreamStatus;
import dev.wabagate.upstream.UpstreamStatus.Kind;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statuses a batch of reports moves a message through: forward only, implied steps
 * filled in, each step at its report's time.
 */
class StatusStepsTests {

	private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

	@Test
	void sentDeliveredAndReadReportedTogetherAreThreeStepsInOrder() {
		assertThat(MessageLifecycle.steps(MessageStatus.ACCEPTED,
				List.of(report(Kind.SENT, 0), report(Kind.DELIVERED, 1), report(Kind.READ, 2))))
			.extracting(Step::status, Step::at)
			.containsExactly(step(MessageStatus.SENT, 0), step(MessageStatus.DELIVERED, 1),
					step(MessageStatus.READ, 2));
	}

	@Test
	void aReadBeforeItsSentImpliesTheStepsBetweenAtTheReadsTimeAndTheLateReportsMoveNothing() {
		assertThat(MessageLifecycle.steps(MessageStatus.ACCEPTED,
				List.of(report(Kind.READ, 5), report(Kind.SENT, 1), report(Kind.DELIVERED, 3))))
			.extracting(Step::status, Step::at)
			.containsExactly(step(MessageStatus.SENT, 5), step(MessageStatus.DELIVERED, 5),
					step(MessageStatus.READ, 5));
	}

	@Test
	void reportsBehindTheStatusTheMessageIsInAreIgnored() {
		assertThat(MessageLifecycle.steps(MessageStatus.DELIVERED,
				List.of(report(Kind.SENT, 0), report(Kind.DELIVERED, 1))))
			.isEmpty();
		assertThat(MessageLifecycle.steps(MessageStatus.DELIVERED, List.of(report(Kind.SENT, 0), report(Kind.READ, 1))))
			.extracting(Step::status)
			.containsExactly(MessageStatus.READ);
	}

	@Test
	void failedFollowsOnlyAcceptedOrSentAndCarriesItsError() {
		UpstreamStatus failed = new UpstreamStatus("ch", "wamid.1", Kind.FAILED, T0, 131026, "Message Undeliverable",
				"not on WhatsApp");
		assertThat(MessageLifecycle.steps(MessageStatus.SENT, List.of(failed))).singleElement().satisfies((step) -> {
			assertThat(step.status()).isEqualTo(MessageStatus.FAILED);
			assertThat(step.errorCode()).isEqualTo(131026);
			assertThat(step.errorDetails()).isEqualTo("not on WhatsApp");
		});
		assertThat(MessageLifecycle.steps(MessageStatus.DELIVERED, List.of(failed))).isEmpty();
		assertThat(MessageLifecycle.steps(MessageStatus.ACCEPTED, List.of(failed, report(Kind.READ, 1))))
			.extracting(Step::status)
			.containsExactly(MessageStatus.FAILED);
	}

	private static UpstreamStatus report(Kind kind, int seconds) {
		return new UpstreamStatus("ch", "wamid.1", kind, T0.plusSeconds(seconds), null, null, null);
	}

	private static org.assertj.core.groups.Tuple step(MessageStatus status, int seconds) {
		return org.assertj.core.groups.Tuple.tuple(status, T0.plusSeconds(seconds));
	}

}
