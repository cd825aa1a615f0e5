package dev.wabagate.messaging.dispatch;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RefreshBudgetTests {

	private static final Instant T0 = Instant.parse("2031-01-01T00:00:00Z");

	@Test
	void aQuickRefreshMayRunAgainAtOnce() {
		RefreshBudget budget = new RefreshBudget(19);
		assertThat(budget.allows(T0)).isTrue();

		budget.ran(T0, T0.plusMillis(10));

		assertThat(budget.allows(T0.plusMillis(199))).isFalse();
		assertThat(budget.allows(T0.plusMillis(200))).isTrue();
	}

	@Test
	void aSlowRefreshWaitsNineteenTimesItsDurationSoItTakesATwentiethOfTheTime() {
		RefreshBudget budget = new RefreshBudget(19);

		budget.ran(T0, T0.plusMillis(500));

		assertThat(budget.allows(T0.plusSeconds(5))).isFalse();
		assertThat(budget.allows(T0.plusMillis(9_999))).isFalse();
		assertThat(budget.allows(T0.plusSeconds(10))).isTrue();
	}

	@Test
	void aFasterRunShortensTheWaitAgain() {
		RefreshBudget budget = new RefreshBudget(19);
		budget.ran(T0, T0.plusMillis(500));

		Instant next = T0.plusSeconds(10);
		budget.ran(next, next.plusMillis(5));

		assertThat(budget.allows(next.plusMillis(100))).isTrue();
	}

}
