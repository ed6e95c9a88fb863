package io.logpulse.analytics.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bounded counters detectors keep in state. */
class SketchesTest {

  @Test
  void latencyQuantilesAreWithinTheBucketErrorOfExactQuantiles() {
    Random random = new Random(42);
    LatencyHistogram histogram = new LatencyHistogram();
    long[] nanos = new long[20_000];
    for (int i = 0; i < nanos.length; i++) {
      // log-normal around 40 ms, as web latencies are
      nanos[i] = (long) (Math.exp(Math.log(40.0) + 0.8 * random.nextGaussian()) * 1_000_000);
      histogram.add(nanos[i]);
    }
    Arrays.sort(nanos);
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      double exactMillis = nanos[(int) Math.ceil(q * nanos.length) - 1] / 1e6;
      assertThat(histogram.quantileMillis(q))
          .as("q=%s exact %.2f ms", q, exactMillis)
          .isBetween(exactMillis / 1.09, exactMillis * 1.09);
    }
    assertThat(histogram.count()).isEqualTo(20_000);
    assertThat(new LatencyHistogram().quantileMillis(0.5)).isNaN();
  }

  @Test
  void topCountsFindTheHeavyHittersInBoundedSpace() {
    // Space-Saving keeps every value more frequent than N / capacity = 2500 / 8
    TopCounts top = new TopCounts(8);
    for (int i = 0; i < 1000; i++) {
      top.add("/xmlrpc.php");
      if (i % 2 == 0) {
        top.add("/wp-login.php");
      }
      top.add("/noise/" + i); // 1000 distinct values through 8 slots
    }
    assertThat(top.top(2).keySet()).containsExactly("/xmlrpc.php", "/wp-login.php");
    assertThat(top.top(10)).hasSizeLessThanOrEqualTo(8);
    // Space-Saving overestimates by at most the smallest count held, never underestimates
    assertThat(top.top(1).get("/xmlrpc.php")).isGreaterThanOrEqualTo(1000);
  }

  @Test
  void distinctCountIsExactBelowItsCapAndSaturatesThere() {
    DistinctCount count = new DistinctCount(100);
    for (int i = 0; i < 50; i++) {
      count.add("agent " + i);
      count.add("agent " + i);
    }
    count.add(null);
    count.add("");
    assertThat(count.count()).isEqualTo(50);
    assertThat(count.saturated()).isFalse();
    for (int i = 0; i < 1000; i++) {
      count.add("path " + i);
    }
    assertThat(count.count()).isEqualTo(100);
    assertThat(count.saturated()).isTrue();
  }

  @Test
  void ewmaBaselineIsNotPoisonedByOneExtremeValue() {
    EwmaBaseline baseline = new EwmaBaseline();
    Random random = new Random(7);
    for (int i = 0; i < 50; i++) {
      baseline.update(100 + random.nextGaussian() * 5, 0.1, 4.0, 1.0);
    }
    double level = baseline.level();
    double scale = baseline.scale();
    assertThat(level).isBetween(95.0, 105.0);
    assertThat(scale).isBetween(2.0, 10.0);
    baseline.update(10_000, 0.1, 4.0, 1.0);
    // clamped to level + 4 scales, then weighted by alpha = 0.1: moves by at most 0.4 scales
    assertThat(baseline.level() - level).isLessThanOrEqualTo(0.4 * scale + 1e-9);
    assertThat(baseline.zScore(10_000, 1.0)).isGreaterThan(100);
  }

  @Test
  void networkPrefixes() {
    assertThat(EntityKey.networkOf("203.0.113.77")).isEqualTo("203.0.113.0/24");
    assertThat(EntityKey.networkOf("2001:db8:1:2::7")).isEqualTo("2001:db8:1::/48");
    assertThat(EntityKey.networkOf("::1")).isEqualTo("0:0:0::/48");
    assertThat(EntityKey.networkOf("example.com")).isNull();
    assertThat(EntityKey.keysOf("shop", "203.0.113.77"))
        .containsExactly("s|shop", "i|203.0.113.77", "n|203.0.113.0/24");
    assertThat(EntityKey.keysOf("shop", null)).containsExactly("s|shop");
  }

  @Test
  void aDecayingHistogramReadsQuantilesWithinItsBucketAndForgetsWithEventTime() {
    DecayingHistogram histogram = new DecayingHistogram();
    assertThat(histogram.quantile(0.5)).isNaN();
    long t0 = 1_000_000L;
    histogram.decayTo(t0, 60_000L);
    for (int value = 1; value <= 100; value++) {
      histogram.add(value);
    }
    histogram.add(0); // not a count: ignored
    assertThat(histogram.weight()).isEqualTo(100.0);
    // The true quantiles are 50 and 99; a bucket's upper bound is at most 2^(1/8) (9 %) above.
    assertThat(histogram.quantile(0.5)).isBetween(50.0, 50 * 1.0905);
    assertThat(histogram.quantile(0.99)).isBetween(99.0, 99 * 1.0905);

    // One mean age later every old weight is e^-1 of what it was; 100 new values of 1000 then
    // outweigh them, and the median moves to 1000.
    histogram.decayTo(t0 + 60_000L, 60_000L);
    assertThat(histogram.weight()).isCloseTo(100 * Math.exp(-1), org.assertj.core.data.Offset.offset(1e-9));
    for (int i = 0; i < 100; i++) {
      histogram.add(1_000);
    }
    assertThat(histogram.quantile(0.5)).isBetween(1_000.0, 1_000 * 1.0905);
    // Going back in time changes nothing.
    histogram.decayTo(t0, 60_000L);
    assertThat(histogram.weight()).isCloseTo(100 + 100 * Math.exp(-1), org.assertj.core.data.Offset.offset(1e-9));
  }
}
