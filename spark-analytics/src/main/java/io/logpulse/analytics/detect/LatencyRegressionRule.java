package io.logpulse.analytics.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Rule {@value #RULE}: a service's 95th-percentile latency in a window far above its own recent
 * history.
 *
 * <p>The figure is x = ln(p95 in ms) of the window (from {@link LatencyHistogram}, within about
 * 9 %), so changes are judged as ratios. The baseline is an {@link EwmaBaseline} of x over previous
 * complete windows. A window is judged only with at least {@code latencyMinSamples} durations and
 * once the baseline has {@code latencyWarmupWindows} windows. It is anomalous when both:
 *
 * <ul>
 *   <li>z = (x - level) / max(scale, 0.05) &ge; {@code latencyZThreshold}, and
 *   <li>p95 &ge; {@code latencyMinRatio} × the baseline p95, so that tiny but very regular services
 *       do not page anyone for 2 ms.
 * </ul>
 *
 * The baseline is then updated with x clamped to level ± z-threshold scales, so the anomaly cannot
 * poison it while a lasting shift (a slower release) is followed within a few dozen windows.
 * Severity {@code critical} when z &ge; 2 × the threshold.
 */
public final class LatencyRegressionRule {

  public static final String RULE = "service_latency_regression";
  /** Smallest scale of ln(p95), about 5 %. */
  static final double MIN_LOG_SCALE = 0.05;

  private LatencyRegressionRule() {}

  /** @return the finding, or null when the window cannot be judged */
  static Finding evaluate(
      String service, ServiceWindow window, EwmaBaseline baseline, DetectorSettings settings) {
    if (window.latency.count() < settings.latencyMinSamples
        || baseline.samples() < settings.latencyWarmupWindows) {
      return null;
    }
    double p95 = window.latency.quantileMillis(0.95);
    double x = Math.log(p95);
    double z = baseline.zScore(x, MIN_LOG_SCALE);
    double baselineMillis = Math.exp(baseline.level());
    double scale = Math.max(baseline.scale(), MIN_LOG_SCALE);
    double threshold =
        Math.max(
            Math.exp(baseline.level() + settings.latencyZThreshold * scale),
            baselineMillis * settings.latencyMinRatio);
    boolean anomalous = p95 >= threshold;
    ObjectNode evidence = Finding.evidence();
    evidence.put("request_count", window.requests);
    evidence.put("latency_sample_count", window.latency.count());
    Evidence.putMillis(evidence, "latency_p50_ms", window.latency.quantileMillis(0.5));
    Evidence.putMillis(evidence, "latency_p95_ms", p95);
    Evidence.putMillis(evidence, "latency_p99_ms", window.latency.quantileMillis(0.99));
    Evidence.putMillis(evidence, "baseline_p95_ms", baselineMillis);
    Evidence.putTop(evidence, "top_paths", window.topPaths);
    Evidence.putOffsets(evidence, window.sampleSlowOffsets);
    String summary =
        String.format(
            Locale.ROOT,
            "%s p95 latency %.0f ms, %.1fx its baseline of %.0f ms (threshold %.0f ms, z=%.1f, %d requests)",
            service,
            p95,
            p95 / baselineMillis,
            baselineMillis,
            threshold,
            z,
            window.latency.count());
    return new Finding(
        RULE,
        anomalous,
        z >= 2 * settings.latencyZThreshold ? "critical" : "warning",
        p95,
        baselineMillis,
        threshold,
        z,
        summary,
        evidence);
  }

  /** Folds a complete window into the baseline (winsorised; see the class documentation). */
  static void learn(ServiceWindow window, EwmaBaseline baseline, DetectorSettings settings) {
    if (window.latency.count() < settings.latencyMinSamples) {
      return;
    }
    baseline.update(
        Math.log(window.latency.quantileMillis(0.95)),
        settings.latencyEwmaAlpha,
        settings.latencyZThreshold,
        MIN_LOG_SCALE);
  }
}
