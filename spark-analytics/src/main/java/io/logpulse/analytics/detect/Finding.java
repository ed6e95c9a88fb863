package io.logpulse.analytics.detect;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one rule concluded about one window of one entity: whether its condition holds, with the
 * figures an alert shows. A rule that cannot judge a window (too little data, still warming up)
 * returns no finding at all.
 */
public final class Finding {

  public final String rule;
  public final boolean anomalous;
  /** {@code warning} or {@code critical}. */
  public final String severity;
  /** The measured value; unit per rule. */
  public final double observedValue;
  /** What the rule expected (same unit), or NaN for fixed-threshold rules. */
  public final double baseline;
  /** The value at which the rule fires (same unit). */
  public final double threshold;
  /** Rule-specific strength: a z-score or -log10(p-value); NaN when the rule has none. */
  public final double score;
  /** One line a person on call understands. */
  public final String summary;
  /** Rule-specific figures. */
  public final ObjectNode evidence;

  public Finding(
      String rule,
      boolean anomalous,
      String severity,
      double observedValue,
      double baseline,
      double threshold,
      double score,
      String summary,
      ObjectNode evidence) {
    this.rule = rule;
    this.anomalous = anomalous;
    this.severity = severity;
    this.observedValue = observedValue;
    this.baseline = baseline;
    this.threshold = threshold;
    this.score = score;
    this.summary = summary;
    this.evidence = evidence;
  }

  /** @return an empty evidence object to fill */
  public static ObjectNode evidence() {
    return JsonNodeFactory.instance.objectNode();
  }
}
