package io.logpulse.analytics.detect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Rule {@value #RULE}: a service answering far more requests with status &ge; 500 than it usually
 * does, judged with a test that accounts for volume.
 *
 * <p>With n requests and k server errors in the window and the baseline rate p0 ({@link
 * ErrorBaseline}, at least {@code errorBaselineMinRate}), the window is anomalous when all hold:
 *
 * <ul>
 *   <li>n &ge; {@code errorMinRequests} and k &ge; {@code errorMinErrors};
 *   <li>k / n &ge; p0 + {@code errorMinRateIncrease} (a difference a person cares about);
 *   <li>the binomial upper tail P(X &ge; k | n, p0) &le; {@code errorSignificance}: k errors are
 *       very unlikely under the usual rate. 10 errors in 20 requests and 500 in 1000 have the same
 *       rate but very different evidence; this test tells them apart where a fixed percentage
 *       cannot.
 * </ul>
 *
 * It is judged from {@code errorWarmupWindows} complete windows on, and also on a running window
 * (early firing: the counts only grow within a window, so once significant it stays significant
 * unless good responses dilute it). Anomalous windows do not update the baseline: errors are never
 * a new normal. {@code score} is -log10 of the tail probability. Severity {@code critical} from
 * twice the threshold rate.
 */
public final class ErrorRateSpikeRule {

  public static final String RULE = "service_error_rate_spike";

  private ErrorRateSpikeRule() {}

  /** @return the finding, or null when the window cannot be judged */
  static Finding evaluate(
      String service, ServiceWindow window, ErrorBaseline baseline, DetectorSettings settings) {
    long n = window.requests;
    long k = window.status5xx;
    if (n < settings.errorMinRequests || baseline.samples() < settings.errorWarmupWindows) {
      return null;
    }
    double p0 = baseline.rate(settings.errorBaselineMinRate);
    double tail = Tails.binomialUpperTail(k, n, p0);
    double rate = (double) k / n;
    long thresholdErrors = thresholdErrors(n, p0, settings);
    double thresholdRate = Math.min(1.0, (double) thresholdErrors / n);
    boolean anomalous = k >= thresholdErrors;
    double score = tail > 0 ? -Math.log10(tail) : 300.0;
    ObjectNode evidence = Finding.evidence();
    evidence.put("request_count", n);
    evidence.put("status_ge_500_count", k);
    evidence.put("status_ge_400_count", window.status4xx + k);
    evidence.put("p_value", tail);
    Evidence.putTop(evidence, "top_paths", window.topErrorPaths);
    Evidence.putOffsets(evidence, window.sampleErrorOffsets);
    String summary =
        String.format(
            Locale.ROOT,
            "%s answered %d of %d requests with status >= 500 (%.1f%%, usually %.1f%%, threshold"
                + " %.1f%%, p=%.1e)",
            service,
            k,
            n,
            rate * 100,
            p0 * 100,
            thresholdRate * 100,
            tail);
    return new Finding(
        RULE,
        anomalous,
        rate >= Math.min(1.0, 2 * thresholdRate) ? "critical" : "warning",
        rate,
        p0,
        thresholdRate,
        score,
        summary,
        evidence);
  }

  /** The smallest error count of n requests that the rule calls anomalous (may exceed n). */
  static long thresholdErrors(long n, double p0, DetectorSettings settings) {
    long low =
        Math.max(
            settings.errorMinErrors,
            (long) Math.ceil((p0 + settings.errorMinRateIncrease) * n - 1e-9));
    if (low > n) {
      return n + 1;
    }
    if (Tails.binomialUpperTail(n, n, p0) > settings.errorSignificance) {
      return n + 1;
    }
    long high = n; // the tail falls as k grows: find the first k at or below the significance
    while (low < high) {
      long middle = (low + high) >>> 1;
      if (Tails.binomialUpperTail(middle, n, p0) <= settings.errorSignificance) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  static void learn(ServiceWindow window, ErrorBaseline baseline, DetectorSettings settings) {
    baseline.update(window.requests, window.status5xx, settings.errorEwmaAlpha);
  }
}
