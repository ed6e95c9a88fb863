package io.logpulse.analytics.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Rule {@value #RULE}: a service receiving far fewer requests than usual for its time of day: a
 * broken load balancer, DNS or upstream, or a client release that stopped calling it.
 *
 * <p>Judged only on complete windows, after the watermark has passed them, so late data cannot
 * cause false drops; windows in which the service sent nothing at all count with 0 requests. With
 * the expected count &lambda; from {@link TrafficBaseline} (the same hour of day once {@code
 * dropTimeOfDayMinSamples} days were seen, else the recent level after {@code dropWarmupWindows}
 * windows), the window is anomalous when &lambda; &ge; {@code dropMinExpectedRequests}, the count
 * k &le; {@code dropMaxRatio} × &lambda;, and the Poisson lower tail P(X &le; k | &lambda;) &le;
 * {@code dropSignificance}. {@code score} is -log10 of that tail. Severity {@code critical} when k
 * is at most a tenth of &lambda;.
 */
public final class TrafficDropRule {

  public static final String RULE = "service_traffic_drop";

  private TrafficDropRule() {}

  /** @return the finding, or null when the window cannot be judged */
  static Finding evaluate(
      String service, ServiceWindow window, TrafficBaseline baseline, DetectorSettings settings) {
    double expected =
        baseline.expected(
            window.startMs, settings.dropTimeOfDayMinSamples, settings.dropWarmupWindows);
    if (!(expected >= settings.dropMinExpectedRequests)) {
      return null;
    }
    long k = window.requests;
    double tail = Tails.poissonLowerTail(k, expected);
    long threshold = thresholdRequests(expected, settings);
    boolean anomalous = k <= threshold;
    ObjectNode evidence = Finding.evidence();
    evidence.put("request_count", k);
    evidence.put("expected_request_count", AlertEvent.round(expected));
    evidence.put(
        "baseline_kind",
        baseline.seasonal(window.startMs, settings.dropTimeOfDayMinSamples)
            ? "hour_of_day"
            : "recent");
    evidence.put("p_value", tail);
    Evidence.putTop(evidence, "top_paths", window.topPaths);
    String summary =
        String.format(
            Locale.ROOT,
            "%s received %d requests in %d s, expected about %.0f (threshold %d, p=%.1e)",
            service,
            k,
            (window.endMs - window.startMs) / 1000,
            expected,
            threshold,
            tail);
    return new Finding(
        RULE,
        anomalous,
        k <= expected * 0.1 ? "critical" : "warning",
        k,
        expected,
        threshold,
        tail > 0 ? -Math.log10(tail) : 300.0,
        summary,
        evidence);
  }

  /** The largest request count the rule calls a drop when {@code expected} were expected; -1 for none. */
  static long thresholdRequests(double expected, DetectorSettings settings) {
    long high = (long) Math.floor(settings.dropMaxRatio * expected);
    if (high < 0 || Tails.poissonLowerTail(0, expected) > settings.dropSignificance) {
      return -1;
    }
    long low = 0; // the tail grows with k: find the last k at or below the significance
    while (low < high) {
      long middle = (low + high + 1) >>> 1;
      if (Tails.poissonLowerTail(middle, expected) <= settings.dropSignificance) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }

  static void learn(ServiceWindow window, TrafficBaseline baseline, DetectorSettings settings) {
    baseline.update(window.startMs, window.requests, settings.dropEwmaAlpha);
  }
}
