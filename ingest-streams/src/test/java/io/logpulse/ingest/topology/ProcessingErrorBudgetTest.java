package io.logpulse.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessingErrorBudgetTest {

  @Test
  void failuresBeyondTheRatioOfTheWindowExceedTheBudget() {
    ProcessingErrorBudget budget = new ProcessingErrorBudget(0.2, 10);
    assertThat(budget.record(true)).isFalse();
    assertThat(budget.record(true)).isFalse();
    for (int i = 0; i < 7; i++) {
      assertThat(budget.record(false)).isFalse();
    }
    // 3 failures among the last 10 lines: more than 0.2 x 10.
    assertThat(budget.record(true)).isTrue();
    assertThat(budget.failures()).isEqualTo(3);
  }

  @Test
  void failuresSlideOutOfTheWindow() {
    ProcessingErrorBudget budget = new ProcessingErrorBudget(0.2, 10);
    budget.record(true);
    budget.record(true);
    for (int i = 0; i < 8; i++) {
      budget.record(false);
    }
    // The window is now full; the next line pushes out the first failure.
    assertThat(budget.record(true)).isFalse();
    assertThat(budget.failures()).isEqualTo(2);
    assertThat(budget.record(false)).isFalse();
    assertThat(budget.failures()).isEqualTo(1);
  }

  @Test
  void zeroStopsAtTheFirstFailureAndOneNeverStops() {
    assertThat(new ProcessingErrorBudget(0, 1000).record(true)).isTrue();
    ProcessingErrorBudget never = new ProcessingErrorBudget(1, 3);
    for (int i = 0; i < 10; i++) {
      assertThat(never.record(true)).isFalse();
    }
    assertThat(never.failures()).isEqualTo(3);
  }

  @Test
  void rejectsValuesOutOfRange() {
    assertThatThrownBy(() -> new ProcessingErrorBudget(1.5, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ProcessingErrorBudget(Double.NaN, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ProcessingErrorBudget(0.1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
