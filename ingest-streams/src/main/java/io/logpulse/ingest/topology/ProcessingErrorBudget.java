package io.logpulse.ingest.topology;

/**
 * How many of a partition's recent lines may fail processing (throw: a defect, never bad input)
 * before ingest-streams stops instead of dead-lettering them. A count-based sliding window, as in
 * resilience4j's circuit breaker: the outcomes of the last {@code windowLines} lines are kept, and
 * the budget is exceeded when more than {@code maxRatio × windowLines} of them failed. Before
 * {@code windowLines} lines have been seen the missing ones count as successes, so a partition's
 * first lines trip it only after the same number of failures.
 *
 * <p>A few failing lines (one strange user agent that a library trips on) are dead-lettered and the
 * stream goes on. A deploy that breaks every line must not turn the whole stream into dead letters:
 * it stops instead. Lines since the last commit (Kafka Streams' {@code commit.interval.ms}) are
 * then processed again after the fix; the window's earlier failures were committed as dead letters.
 * The budget is kept in memory only: a restarted task starts with an empty window. Not thread-safe:
 * one per stream task.
 */
final class ProcessingErrorBudget {

  private final boolean[] failed;
  private final double maxRatio;
  private final int maxFailures;
  private int next;
  private int failures;

  /**
   * @param maxRatio share of the window that may fail, 0 to 1: 0 stops at the first failure, 1
   *     never stops
   * @param windowLines number of most recent lines judged, at least 1
   * @throws IllegalArgumentException when an argument is out of range
   */
  ProcessingErrorBudget(double maxRatio, int windowLines) {
    if (!(maxRatio >= 0 && maxRatio <= 1)) {
      throw new IllegalArgumentException("maxRatio must be within [0, 1], got " + maxRatio);
    }
    if (windowLines < 1) {
      throw new IllegalArgumentException("windowLines must be at least 1, got " + windowLines);
    }
    this.failed = new boolean[windowLines];
    this.maxRatio = maxRatio;
    // The epsilon keeps 0.29 x 100 at 29, not 28.999...
    this.maxFailures = (int) Math.floor(maxRatio * windowLines + 1e-9);
  }

  /**
   * Records one line's outcome.
   *
   * @param lineFailed whether processing the line threw
   * @return true when more than the allowed number of the last {@code windowLines} lines failed
   */
  boolean record(boolean lineFailed) {
    if (failed[next]) {
      failures--;
    }
    failed[next] = lineFailed;
    if (lineFailed) {
      failures++;
    }
    next = (next + 1) % failed.length;
    return failures > maxFailures;
  }

  /** @return failed lines among the last {@code windowLines} */
  int failures() {
    return failures;
  }

  /** @return the share of the window that may fail */
  double maxRatio() {
    return maxRatio;
  }

  /** @return the number of lines judged */
  int windowLines() {
    return failed.length;
  }
}
