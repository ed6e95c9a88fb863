package io.logpulse.analytics.detect;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Running figures of one client (an IP address or a network prefix) in one tumbling window: what
 * the client rules read. Distinct counts are exact up to {@value #DISTINCT_CAP} ({@link
 * DistinctCount}), above every default threshold.
 */
public final class ClientWindow implements Serializable {

  private static final long serialVersionUID = 1L;
  static final int DISTINCT_CAP = 1024;

  public final long startMs;
  public final long endMs;
  long requests;
  long status4xx;
  long authAttempts;
  final DistinctCount userAgents = new DistinctCount(DISTINCT_CAP);
  final DistinctCount users = new DistinctCount(DISTINCT_CAP);
  final DistinctCount services = new DistinctCount(DISTINCT_CAP);
  final DistinctCount clients = new DistinctCount(DISTINCT_CAP);
  final DistinctCount failedPaths = new DistinctCount(DISTINCT_CAP);
  final TopCounts topPaths = new TopCounts(16);
  final TopCounts topUserAgents = new TopCounts(8);
  /** 256: exact for every address of an IPv4 /24, so the top client's share is exact there. */
  final TopCounts topClients = new TopCounts(256);
  final List<String> sampleOffsets = new ArrayList<>();
  long maxEventTimeMs = Long.MIN_VALUE;

  ClientWindow(long startMs, long endMs) {
    this.startMs = startMs;
    this.endMs = endMs;
  }

  /** @return requests of the window's busiest address (a network's window), 0 when empty */
  long topClientRequests() {
    return topClients.top(1).values().stream().findFirst().orElse(0L);
  }

  void add(Observation event, DetectorSettings settings) {
    requests++;
    maxEventTimeMs = Math.max(maxEventTimeMs, event.eventTimeMs);
    userAgents.add(event.userAgent);
    users.add(event.userName);
    services.add(event.serviceName);
    clients.add(event.sourceIp);
    topClients.add(event.sourceIp);
    topPaths.add(event.urlPath);
    topUserAgents.add(event.userAgent);
    if (event.statusCode >= 400 && event.statusCode < 500) {
      status4xx++;
      failedPaths.add(event.urlPath);
    }
    if (event.urlPath != null
        && "POST".equals(event.method == null ? null : event.method.toUpperCase(Locale.ROOT))
        && settings.bruteForcePathPattern.matcher(event.urlPath).matches()) {
      authAttempts++;
    }
    if (sampleOffsets.size() < ServiceWindow.SAMPLE_OFFSETS && event.sourceOffset != null) {
      sampleOffsets.add(event.sourceOffset);
    }
  }
}
