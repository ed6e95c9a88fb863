package io.logpulse.analytics.detect;

import java.io.Serializable;

/**
 * A service's usual request count per window: one {@link EwmaBaseline} per hour of the day (UTC),
 * for daily seasonality, and one over the recent windows, for services whose history is still
 * shorter than a few days.
 */
public final class TrafficBaseline implements Serializable {

  private static final long serialVersionUID = 1L;
  static final long HOUR_MS = 3_600_000L;

  private final EwmaBaseline[] byHourOfDay = new EwmaBaseline[24];
  private final long[] daysSeen = new long[24];
  private final long[] lastDaySeen = new long[24];
  private final EwmaBaseline recent = new EwmaBaseline();

  public TrafficBaseline() {
    for (int hour = 0; hour < 24; hour++) {
      byHourOfDay[hour] = new EwmaBaseline();
      lastDaySeen[hour] = Long.MIN_VALUE;
    }
  }

  static int hourOfDay(long epochMs) {
    return (int) Math.floorMod(Math.floorDiv(epochMs, HOUR_MS), 24L);
  }

  /**
   * @return the expected request count of the window starting at {@code windowStartMs}: the same
   *     hour of day's level once {@code minDays} days of it were seen, else the recent level once
   *     {@code warmupWindows} windows were seen, else NaN
   */
  double expected(long windowStartMs, int minDays, int warmupWindows) {
    int hour = hourOfDay(windowStartMs);
    if (daysSeen[hour] >= minDays) {
      return byHourOfDay[hour].level();
    }
    if (recent.samples() >= warmupWindows) {
      return recent.level();
    }
    return Double.NaN;
  }

  /** @return true when the expectation comes from the hour-of-day history */
  boolean seasonal(long windowStartMs, int minDays) {
    return daysSeen[hourOfDay(windowStartMs)] >= minDays;
  }

  void update(long windowStartMs, long requests, double alpha) {
    int hour = hourOfDay(windowStartMs);
    long day = Math.floorDiv(windowStartMs, 24 * HOUR_MS);
    if (day != lastDaySeen[hour]) {
      lastDaySeen[hour] = day;
      daysSeen[hour]++;
    }
    // Counts are clamped at 4 scales (with a floor of 1 request): a flash crowd or a drop moves
    // the level only a little.
    byHourOfDay[hour].update(requests, alpha, 4.0, Math.max(1.0, byHourOfDay[hour].level() * 0.1));
    recent.update(requests, alpha, 4.0, Math.max(1.0, recent.level() * 0.1));
  }
}
