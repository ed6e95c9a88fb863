package io.logpulse.ingest.enrich;

import io.logpulse.schemas.AccessEvent;
import java.time.Instant;

/**
 * Adds the tag {@value #TAG} when the event time ({@code timestamp}) is further from the ingest
 * time ({@code event_ingested}) than the configured bounds: more than {@code maxPastSkewMs} before
 * it (a late or replayed line, a wrong log clock) or more than {@code maxFutureSkewMs} after it (a
 * clock ahead, a wrong UTC offset). The event is kept either way; downstream decides. No check when
 * {@code event_ingested} is null. The difference is computed in epoch milliseconds. Immutable and
 * thread-safe.
 */
public final class TimestampSkewCheck implements EventEnricher {

  /** The ECS tag added to skewed events. */
  public static final String TAG = "timestamp_skewed";

  private final long maxPastSkewMs;
  private final long maxFutureSkewMs;

  /**
   * @param maxPastSkewMs how far, in milliseconds, {@code timestamp} may lie before {@code
   *     event_ingested}; at least 0
   * @param maxFutureSkewMs how far, in milliseconds, {@code timestamp} may lie after {@code
   *     event_ingested}; at least 0
   * @throws IllegalArgumentException when a bound is negative
   */
  public TimestampSkewCheck(long maxPastSkewMs, long maxFutureSkewMs) {
    if (maxPastSkewMs < 0 || maxFutureSkewMs < 0) {
      throw new IllegalArgumentException(
          "skew bounds must be >= 0 ms: past " + maxPastSkewMs + ", future " + maxFutureSkewMs);
    }
    this.maxPastSkewMs = maxPastSkewMs;
    this.maxFutureSkewMs = maxFutureSkewMs;
  }

  @Override
  public void enrich(AccessEvent event) {
    Instant ingested = event.getEventIngested();
    Instant timestamp = event.getTimestamp();
    if (ingested == null || timestamp == null) {
      return;
    }
    long aheadMs = timestamp.toEpochMilli() - ingested.toEpochMilli();
    if (aheadMs > maxFutureSkewMs || -aheadMs > maxPastSkewMs) {
      Tags.add(event, TAG);
    }
  }
}
