package io.logpulse.analytics.detect;

import java.io.Serializable;

/**
 * A robust running baseline of one figure per window: exponentially weighted moving averages of
 * its level and of its absolute deviation from that level (the EWMA control chart of Roberts,
 * "Control Chart Tests Based on Geometric Moving Averages", Technometrics 1959, with a
 * mean-absolute-deviation scale as in Lucas and Saccucci, Technometrics 1990).
 *
 * <p>Robustness: an update first clamps the new value to {@code level ± clampSigmas * scale}
 * (winsorising), so one extreme window moves the baseline by at most {@code alpha * clampSigmas}
 * scales and an anomaly cannot poison it, while a lasting shift is still followed, slowly. The
 * first updates use the running mean ({@code alpha = max(alpha, 1 / n)}) so the start does not
 * weight the first window forever.
 */
public final class EwmaBaseline implements Serializable {

  private static final long serialVersionUID = 1L;

  /** sqrt(pi / 2): the standard deviation of a normal distribution per unit of mean absolute deviation. */
  static final double SIGMA_PER_MEAN_ABSOLUTE_DEVIATION = 1.2533141373155001;

  private double level;
  private double meanAbsoluteDeviation;
  private long samples;

  /** @return how many values were folded in */
  public long samples() {
    return samples;
  }

  /** @return the current level (NaN before the first value) */
  public double level() {
    return samples == 0 ? Double.NaN : level;
  }

  /** @return the standard-deviation estimate, 1.2533 × the mean absolute deviation */
  public double scale() {
    return meanAbsoluteDeviation * SIGMA_PER_MEAN_ABSOLUTE_DEVIATION;
  }

  /**
   * @param value the window's figure
   * @param minScale smallest scale used, in the figure's unit, so a flat history does not make
   *     every wiggle infinitely significant; greater than 0
   * @return (value - level) / max(scale, minScale); NaN before the first value
   */
  public double zScore(double value, double minScale) {
    if (samples == 0) {
      return Double.NaN;
    }
    return (value - level) / Math.max(scale(), minScale);
  }

  /**
   * Folds in one window's figure.
   *
   * @param value the figure; NaN and infinite values are ignored
   * @param alpha smoothing factor, 0 (exclusive) to 1
   * @param clampSigmas values beyond this many scales from the level are clamped there before
   *     being folded in; at least 0
   * @param minScale as in {@link #zScore}
   */
  public void update(double value, double alpha, double clampSigmas, double minScale) {
    if (!Double.isFinite(value)) {
      return;
    }
    if (samples == 0) {
      level = value;
      meanAbsoluteDeviation = 0.0;
      samples = 1;
      return;
    }
    double bound = clampSigmas * Math.max(scale(), minScale);
    double clamped = Math.max(level - bound, Math.min(level + bound, value));
    double weight = Math.max(alpha, 1.0 / (samples + 1));
    meanAbsoluteDeviation =
        (1 - weight) * meanAbsoluteDeviation + weight * Math.abs(clamped - level);
    level = (1 - weight) * level + weight * clamped;
    samples++;
  }
}
