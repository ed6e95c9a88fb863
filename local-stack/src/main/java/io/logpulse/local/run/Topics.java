package io.logpulse.local.run;

import java.util.List;

/**
 * The topics of a local stack, with the names both services use by default.
 *
 * @param rawLines raw access-log lines (ingest-streams input)
 * @param events AccessEvent records (ingest-streams output, spark-analytics input)
 * @param deadLetter lines ingest-streams could not use
 * @param metrics window metrics JSON (spark-analytics)
 * @param systemHealth system health per window JSON (spark-analytics)
 * @param clientMetrics per-client and per-user window metrics JSON (spark-analytics)
 * @param alerts alerts JSON (spark-analytics)
 * @param lateEvents events behind the watermark, JSON (spark-analytics)
 * @param analyticsDeadLetter events-topic records spark-analytics could not decode
 * @param progress spark-analytics query progress JSON
 */
public record Topics(
    String rawLines,
    String events,
    String deadLetter,
    String metrics,
    String systemHealth,
    String clientMetrics,
    String alerts,
    String lateEvents,
    String analyticsDeadLetter,
    String progress) {

  /** The services' default topic names. */
  public static final Topics DEFAULT =
      new Topics(
          "logpulse.raw-lines",
          "logpulse.access-events",
          "logpulse.dead-letter",
          "logpulse.window-metrics",
          "logpulse.system-health",
          "logpulse.client-metrics",
          "logpulse.alerts",
          "logpulse.late-events",
          "logpulse.analytics-dead-letter",
          "logpulse.analytics-progress");

  /** @return every topic */
  public List<String> all() {
    return List.of(
        rawLines, events, deadLetter, metrics, systemHealth, clientMetrics, alerts, lateEvents,
        analyticsDeadLetter, progress);
  }

  /** @return the topics a run watches: everything but the raw lines */
  public List<String> outputs() {
    return List.of(
        events, deadLetter, metrics, systemHealth, clientMetrics, alerts, lateEvents,
        analyticsDeadLetter, progress);
  }
}
