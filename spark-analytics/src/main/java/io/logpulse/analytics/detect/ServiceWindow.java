package io.logpulse.analytics.detect;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/** Running figures of one service in one tumbling window: what the service rules read. */
public final class ServiceWindow implements Serializable {

  private static final long serialVersionUID = 1L;
  static final int SAMPLE_OFFSETS = 5;

  public final long startMs;
  public final long endMs;
  long requests;
  long status4xx;
  long status5xx;
  final LatencyHistogram latency = new LatencyHistogram();
  final TopCounts topPaths = new TopCounts(16);
  final TopCounts topErrorPaths = new TopCounts(16);
  final List<String> sampleErrorOffsets = new ArrayList<>();
  final List<String> sampleSlowOffsets = new ArrayList<>();
  long maxEventTimeMs = Long.MIN_VALUE;

  ServiceWindow(long startMs, long endMs) {
    this.startMs = startMs;
    this.endMs = endMs;
  }

  void add(Observation event, long slowNanos) {
    requests++;
    maxEventTimeMs = Math.max(maxEventTimeMs, event.eventTimeMs);
    String path = event.routeOrPath();
    topPaths.add(path);
    if (event.statusCode >= 400 && event.statusCode < 500) {
      status4xx++;
    } else if (event.statusCode >= 500) {
      status5xx++;
      topErrorPaths.add(path);
      if (sampleErrorOffsets.size() < SAMPLE_OFFSETS && event.sourceOffset != null) {
        sampleErrorOffsets.add(event.sourceOffset);
      }
    }
    if (event.durationNanos >= 0) {
      latency.add(event.durationNanos);
      if (slowNanos > 0
          && event.durationNanos >= slowNanos
          && sampleSlowOffsets.size() < SAMPLE_OFFSETS
          && event.sourceOffset != null) {
        sampleSlowOffsets.add(event.sourceOffset);
      }
    }
  }
}
