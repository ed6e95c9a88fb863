package io.logpulse.analytics.detect;

import java.io.Serializable;
import java.util.HashMap;
import java.util.TreeMap;

/**
 * Everything the detectors remember about one entity between micro-batches: the open windows, the
 * baselines (services only), and each rule's {@link Incident}. Bounded: windows are dropped when the
 * watermark closes them, and {@link DetectionEngine#canEvict} says when the whole state can go.
 *
 * <p>Kept in Spark's state store by {@code stateful.DetectionStateCodec}: raise its {@code VERSION}
 * with any change to the fields of this class or of the classes it holds.
 */
public final class DetectionState implements Serializable {

  private static final long serialVersionUID = 1L;

  final TreeMap<Long, ServiceWindow> serviceWindows = new TreeMap<>();
  final TreeMap<Long, ClientWindow> clientWindows = new TreeMap<>();
  final HashMap<String, Incident> incidents = new HashMap<>();
  /** Windows ending at or before this were judged; {@code Long.MIN_VALUE} before the first. */
  long closedThroughMs = Long.MIN_VALUE;
  long lastEventTimeMs = Long.MIN_VALUE;
  /** The first event since the state was created; {@code Long.MIN_VALUE} before it. */
  long firstEventTimeMs = Long.MIN_VALUE;
  EwmaBaseline latencyBaseline;
  ErrorBaseline errorBaseline;
  TrafficBaseline trafficBaseline;
  /** Clients only: requests per window over the client's windows that had requests and no burst. */
  EwmaBaseline requestHistory;

  /** @return windows not yet closed by the watermark */
  public int openWindows() {
    return serviceWindows.size() + clientWindows.size();
  }
}
