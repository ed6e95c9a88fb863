package io.logpulse.analytics.detect;

import java.io.Serializable;

/**
 * A latency histogram with logarithmic buckets: bucket {@code i} holds durations in [2<sup>i/8</sup>,
 * 2<sup>(i+1)/8</sup>) microseconds, so a quantile read from it is within about 9 % of the true
 * value (the bucket's geometric middle is returned), from 1 &micro;s to about 2<sup>36</sup> &micro;s
 * (19 hours); longer durations fall in the last bucket. Fixed size: 288 counters.
 */
public final class LatencyHistogram implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int BUCKETS_PER_DOUBLING = 8;
  static final int BUCKETS = 36 * BUCKETS_PER_DOUBLING;

  private final long[] counts = new long[BUCKETS];
  private long total;

  /** @param durationNanos a request duration in nanoseconds; negative values count as 0 */
  public void add(long durationNanos) {
    counts[bucket(durationNanos)]++;
    total++;
  }

  /** Adds every count of {@code other} to this histogram. */
  public void addAll(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
  }

  /** @return how many durations were added */
  public long count() {
    return total;
  }

  /**
   * @param quantile 0 to 1, e.g. 0.95
   * @return the estimated quantile in milliseconds, or NaN when the histogram is empty
   */
  public double quantileMillis(double quantile) {
    if (total == 0) {
      return Double.NaN;
    }
    long rank = Math.max(1, (long) Math.ceil(quantile * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.pow(2.0, (i + 0.5) / BUCKETS_PER_DOUBLING) / 1000.0;
      }
    }
    return Math.pow(2.0, (BUCKETS - 0.5) / BUCKETS_PER_DOUBLING) / 1000.0;
  }

  private static int bucket(long durationNanos) {
    double micros = durationNanos / 1000.0;
    if (micros < 1.0) {
      return 0;
    }
    int bucket = (int) (Math.log(micros) / Math.log(2.0) * BUCKETS_PER_DOUBLING);
    return Math.min(BUCKETS - 1, Math.max(0, bucket));
  }
}
