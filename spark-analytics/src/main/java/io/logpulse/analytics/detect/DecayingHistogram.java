package io.logpulse.analytics.detect;

import java.io.Serializable;

/**
 * A histogram of positive counts (requests of one client in one window) whose weights decay with
 * event time, so its quantiles describe the recent population. Logarithmic buckets: bucket {@code
 * i} holds values in [2<sup>i/8</sup>, 2<sup>(i+1)/8</sup>), from 1 to 2<sup>32</sup>; a quantile
 * is read as its bucket's upper bound (at most 2<sup>1/8</sup> − 1 ≈ 9.05 % above the true value). Fixed size: 256 weights.
 *
 * <p>Each value added has weight 1; {@link #decayTo} multiplies every weight by {@code e^(-Δ/τ)}
 * for Δ ms of event time, which is an exponentially weighted window of mean age τ.
 */
public final class DecayingHistogram implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final int BUCKETS_PER_DOUBLING = 8;
  static final int BUCKETS = 32 * BUCKETS_PER_DOUBLING;

  private final double[] weights = new double[BUCKETS];
  private double total;
  /** Event time the weights are decayed to, epoch ms; {@code Long.MIN_VALUE} before the first. */
  private long asOfMs = Long.MIN_VALUE;

  /**
   * Decays every weight from the last time given to {@code timeMs}; a time not after it changes
   * nothing.
   *
   * @param timeMs event time, epoch ms
   * @param meanAgeMs τ, the mean age of the weights, ms; > 0
   */
  public void decayTo(long timeMs, long meanAgeMs) {
    if (asOfMs != Long.MIN_VALUE && timeMs > asOfMs) {
      double factor = Math.exp(-(double) (timeMs - asOfMs) / meanAgeMs);
      for (int i = 0; i < BUCKETS; i++) {
        weights[i] *= factor;
      }
      total *= factor;
    }
    if (asOfMs == Long.MIN_VALUE || timeMs > asOfMs) {
      asOfMs = timeMs;
    }
  }

  /** @param value a count ≥ 1; smaller values are ignored */
  public void add(long value) {
    if (value < 1) {
      return;
    }
    weights[bucket(value)] += 1.0;
    total += 1.0;
  }

  /** @return the sum of the weights: values added, decayed */
  public double weight() {
    return total;
  }

  /**
   * @param quantile 0 to 1, e.g. 0.99
   * @return the upper bound of the bucket holding the quantile, or NaN when empty
   */
  public double quantile(double quantile) {
    if (total <= 0) {
      return Double.NaN;
    }
    double rank = quantile * total;
    double seen = 0;
    int last = 0;
    for (int i = 0; i < BUCKETS; i++) {
      if (weights[i] > 0) {
        seen += weights[i];
        last = i;
        if (seen >= rank) {
          return upperBound(i);
        }
      }
    }
    return upperBound(last); // the decayed sum fell a rounding error short of the total
  }

  private static double upperBound(int bucket) {
    return Math.pow(2.0, (double) (bucket + 1) / BUCKETS_PER_DOUBLING);
  }

  private static int bucket(long value) {
    int bucket = (int) (Math.log(value) / Math.log(2.0) * BUCKETS_PER_DOUBLING);
    return Math.min(BUCKETS - 1, Math.max(0, bucket));
  }
}
