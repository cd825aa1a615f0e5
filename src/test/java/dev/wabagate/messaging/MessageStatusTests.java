package dev.wabagate.messaging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageStatusTests {

	@Test
	void statusesOnlyMoveForward() {
		assertThat(MessageStatus.ACCEPTED.canMoveTo(MessageStatus.SENT)).isTrue();
		assertThat(MessageStatus.SENT.canMoveTo(MessageStatus.READ)).isTrue();
		assertThat(MessageStatus.READ.canMoveTo(MessageStatus.DELIVERED)).isFalse();
		assertThat(MessageStatus.DELIVERED.canMoveTo(MessageStatus.SENT)).isFalse();
		assertThat(MessageStatus.READ.canMoveTo(MessageStatus.READ)).isFalse();
	}

	@Test
	void failedOnlyFollowsAcceptedOrSentAndNothingFollowsIt() {
		assertThat(MessageStatus.ACCEPTED.canMoveTo(MessageStatus.FAILED)).isTrue();
		assertThat(MessageStatus.SENT.canMoveTo(MessageStatus.FAILED)).isTrue();
		assertThat(MessageStatus.DELIVERED.canMoveTo(MessageStatus.FAILED)).isFalse();
		assertThat(MessageStatus.FAILED.canMoveTo(MessageStatus.READ)).isFalse();
	}

}
