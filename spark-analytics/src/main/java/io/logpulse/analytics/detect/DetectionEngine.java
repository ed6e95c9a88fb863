package io.logpulse.analytics.detect;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Runs every detector on one entity's events, micro-batch by micro-batch, with the state it keeps
 * in a {@link DetectionState}. Plain Java: the Spark adapter calls {@link #process} from {@code
 * flatMapGroupsWithState}, tests call it directly.
 *
 * <p>Per call: events are added to their tumbling windows (events whose window the watermark has
 * already passed are reported as late events, once, by the service entity, and counted nowhere); then every window the
 * watermark has passed is judged as complete, in order, including windows in which a service got no
 * request at all; then the windows that received events are judged early by the rules that allow
 * it. Alerts follow {@link Incident}'s lifecycle. A window is not judged early while windows
 * before it, not yet closed, may still resolve a firing incident of the same rule (see {@link
 * Incident#mayResolveBefore}): in a replay or a backlog, one micro-batch may hold an entity's
 * anomalous windows days apart, and they stay separate incidents.
 *
 * <ul>
 *   <li>Services: {@link LatencyRegressionRule}, {@link ErrorRateSpikeRule} (also early), {@link
 *       TrafficDropRule}.
 *   <li>Client addresses and networks: {@link ClientRules} (also early). For the second stage,
 *       {@link PopulationJudge}, a client also reports each complete window in which no rule but the
 *       burst fired ({@value DetectorOutput#CLIENT_WINDOW}) and each later anomalous judgement of a firing
 *       burst incident ({@value DetectorOutput#BURST_UPDATE}).
 * </ul>
 */
public final class DetectionEngine implements Serializable {

  private static final long serialVersionUID = 1L;

  private final DetectorSettings settings;

  public DetectionEngine(DetectorSettings settings) {
    this.settings = settings;
  }

  /**
   * @param encodedKey the entity, as {@link EntityKey#encode} made it
   * @param events this micro-batch's events of the entity, any order; may be empty (a timeout call)
   * @param watermarkMs the query's event-time watermark, epoch ms (0 before the first)
   * @param state the entity's state, updated in place
   * @param nowMs wall-clock time, epoch ms, for {@code detected_at}
   * @return the alerts and late events to write
   */
  public List<DetectorOutput> process(
      String encodedKey,
      Iterator<Observation> events,
      long watermarkMs,
      DetectionState state,
      long nowMs) {
    EntityKey entity = EntityKey.decode(encodedKey);
    boolean service = entity.kind == EntityKey.Kind.SERVICE;
    if (service && state.latencyBaseline == null) {
      state.latencyBaseline = new EwmaBaseline();
      state.errorBaseline = new ErrorBaseline();
      state.trafficBaseline = new TrafficBaseline();
    }
    List<DetectorOutput> out = new ArrayList<>();
    TreeSet<Long> touched = new TreeSet<>();
    long windowMs = settings.windowMs;
    long slowNanos = service ? slowNanos(state) : 0L; // the baseline changes only when windows close
    while (events.hasNext()) {
      Observation event = events.next();
      long start = Math.floorDiv(event.eventTimeMs, windowMs) * windowMs;
      // Late = its window was already judged: the window ends at or before the watermark (or this
      // entity closed it). An event a little behind the watermark whose window is still open is
      // counted, as Spark's window aggregation counts it.
      if (start + windowMs <= watermarkMs || start + windowMs <= state.closedThroughMs) {
        if (service) {
          out.add(lateEvent(entity.value, event, watermarkMs, nowMs));
        }
        continue;
      }
      if (service) {
        state.serviceWindows
            .computeIfAbsent(start, s -> new ServiceWindow(s, s + windowMs))
            .add(event, slowNanos);
      } else {
        state.clientWindows
            .computeIfAbsent(start, s -> new ClientWindow(s, s + windowMs))
            .add(event, settings);
      }
      state.lastEventTimeMs = Math.max(state.lastEventTimeMs, event.eventTimeMs);
      if (state.firstEventTimeMs == Long.MIN_VALUE || event.eventTimeMs < state.firstEventTimeMs) {
        state.firstEventTimeMs = event.eventTimeMs;
      }
      touched.add(start);
    }
    closeWindows(entity, state, watermarkMs, nowMs, out);
    for (long start : touched) {
      if (service) {
        ServiceWindow window = state.serviceWindows.get(start);
        if (window != null) {
          transition(
              entity,
              state,
              ErrorRateSpikeRule.evaluate(entity.value, window, state.errorBaseline, settings),
              window.startMs,
              window.endMs,
              false,
              window.maxEventTimeMs,
              nowMs,
              out);
        }
      } else {
        ClientWindow window = state.clientWindows.get(start);
        if (window != null) {
          for (Finding finding :
              ClientRules.evaluate(entity, window, state.requestHistory, settings)) {
            transition(
                entity, state, finding, window.startMs, window.endMs, false,
                window.maxEventTimeMs, nowMs, out);
          }
        }
      }
    }
    return out;
  }

  /**
   * @return true when the entity's state can be removed: nothing open, no incident firing or in
   *     cooldown, and (for a service) no event for {@code serviceIdleEvictionMs} of event time; a
   *     client whose request history can change a burst verdict keeps it for {@code
   *     burstHistoryRetentionMs} after its last event
   */
  public boolean canEvict(String encodedKey, DetectionState state, long watermarkMs) {
    if (state.openWindows() > 0) {
      return false;
    }
    EntityKey.Kind kind = EntityKey.decode(encodedKey).kind;
    if (kind == EntityKey.Kind.SERVICE) {
      return watermarkMs - state.lastEventTimeMs > settings.serviceIdleEvictionMs;
    }
    long minRequests =
        kind == EntityKey.Kind.CLIENT_NETWORK
            ? settings.burstNetworkMinRequests
            : settings.burstMinRequests;
    if (ClientRules.historyMatters(state.requestHistory, minRequests, settings)
        && watermarkMs - state.lastEventTimeMs <= settings.burstHistoryRetentionMs) {
      return false;
    }
    for (Incident incident : state.incidents.values()) {
      if (incident.firing() || incident.inCooldown(watermarkMs)) {
        return false;
      }
    }
    return true;
  }

  private void closeWindows(
      EntityKey entity, DetectionState state, long watermarkMs, long nowMs, List<DetectorOutput> out) {
    boolean service = entity.kind == EntityKey.Kind.SERVICE;
    // A live view: windows removed below as they close leave it too.
    NavigableSet<Long> open =
        service ? state.serviceWindows.navigableKeySet() : state.clientWindows.navigableKeySet();
    long windowMs = settings.windowMs;
    long next =
        state.closedThroughMs != Long.MIN_VALUE
            ? state.closedThroughMs
            : open.isEmpty() ? Long.MIN_VALUE : open.first();
    if (next == Long.MIN_VALUE) {
      return;
    }
    while (next + windowMs <= watermarkMs) {
      boolean present = open.contains(next);
      if (!present && !needsEmptyWindow(service, state, next)) {
        // Nothing to judge until the next open window (or the watermark): skip ahead.
        Long following = open.ceiling(next);
        long target = following != null ? following : Math.floorDiv(watermarkMs, windowMs) * windowMs;
        if (target <= next) {
          break;
        }
        next = target;
        state.closedThroughMs = next;
        continue;
      }
      if (service) {
        ServiceWindow window = state.serviceWindows.remove(next);
        closeServiceWindow(
            entity, state, window != null ? window : new ServiceWindow(next, next + windowMs), nowMs, out);
      } else {
        ClientWindow window = state.clientWindows.remove(next);
        ClientWindow judged = window != null ? window : new ClientWindow(next, next + windowMs);
        boolean anomalous = false;
        boolean otherThanBurst = false;
        for (Finding finding :
            ClientRules.evaluate(entity, judged, state.requestHistory, settings)) {
          transition(entity, state, finding, judged.startMs, judged.endMs, true, judged.endMs, nowMs, out);
          anomalous |= finding.anomalous;
          otherThanBurst |= finding.anomalous && !ClientRules.BURST.equals(finding.rule);
        }
        state.requestHistory =
            ClientRules.learn(
                state.requestHistory, entity.kind, judged, anomalous, state.firstEventTimeMs, settings);
        if (!otherThanBurst
            && !ClientRules.oneAddressBurst(entity.kind, judged, settings)
            && judged.requests > 0) {
          // A burst window may still be ordinary for the population: the second stage decides.
          out.add(
              new DetectorOutput(
                  DetectorOutput.CLIENT_WINDOW,
                  entity.encode(),
                  PopulationJudge.clientWindowValue(judged.startMs, judged.requests, anomalous)));
        }
      }
      next += windowMs;
      state.closedThroughMs = next;
    }
  }

  /** Empty windows matter to a service (a drop to zero) until it idles out, and to a client while an incident fires. */
  private boolean needsEmptyWindow(boolean service, DetectionState state, long windowStartMs) {
    if (service) {
      return windowStartMs - state.lastEventTimeMs <= settings.serviceIdleEvictionMs;
    }
    for (Incident incident : state.incidents.values()) {
      if (incident.firing()) {
        return true;
      }
    }
    return false;
  }

  private void closeServiceWindow(
      EntityKey entity, DetectionState state, ServiceWindow window, long nowMs, List<DetectorOutput> out) {
    String service = entity.value;
    Finding latency =
        LatencyRegressionRule.evaluate(service, window, state.latencyBaseline, settings);
    transition(entity, state, latency, window.startMs, window.endMs, true, window.endMs, nowMs, out);
    LatencyRegressionRule.learn(window, state.latencyBaseline, settings);

    Finding errors = ErrorRateSpikeRule.evaluate(service, window, state.errorBaseline, settings);
    transition(entity, state, errors, window.startMs, window.endMs, true, window.endMs, nowMs, out);
    if (errors == null || !errors.anomalous) {
      ErrorRateSpikeRule.learn(window, state.errorBaseline, settings);
    }

    Finding drop = TrafficDropRule.evaluate(service, window, state.trafficBaseline, settings);
    transition(entity, state, drop, window.startMs, window.endMs, true, window.endMs, nowMs, out);
    TrafficDropRule.learn(window, state.trafficBaseline, settings);
  }

  private void transition(
      EntityKey entity,
      DetectionState state,
      Finding finding,
      long windowStartMs,
      long windowEndMs,
      boolean complete,
      long observedUntilMs,
      long nowMs,
      List<DetectorOutput> out) {
    if (finding == null) {
      return;
    }
    String entityType = entity.kind.entityType;
    if (finding.anomalous) {
      Incident open = state.incidents.get(finding.rule);
      if (!complete
          && open != null
          && open.mayResolveBefore(
              windowStartMs, state.closedThroughMs, settings.windowMs, settings.resolveAfterWindows)) {
        // Windows between the incident and this one are still open and may resolve it: this
        // window is judged when the watermark closes it, after them, and may start a new incident.
        return;
      }
      Incident incident = state.incidents.computeIfAbsent(finding.rule, rule -> new Incident());
      String newId = AlertEvent.alertId(finding.rule, entityType, entity.value, windowStartMs);
      Incident.Transition transition = incident.anomalous(newId, windowStartMs, windowEndMs);
      incident.escalate(finding.severity);
      boolean fire = transition == Incident.Transition.FIRE;
      // A burst incident may be held back by the population stage until it is far above the
      // population: that stage also hears how a firing one goes on.
      if (fire || ClientRules.BURST.equals(finding.rule)) {
        DetectorOutput record =
            alert(
                incident.alertId(),
                AlertEvent.FIRING,
                finding,
                entity,
                windowStartMs,
                windowEndMs,
                complete,
                observedUntilMs,
                nowMs);
        if (!fire) {
          record.setKind(DetectorOutput.BURST_UPDATE);
        }
        out.add(record);
      }
    } else if (complete) {
      Incident incident = state.incidents.get(finding.rule);
      if (incident != null
          && incident.clean(windowEndMs, settings.resolveAfterWindows, settings.cooldownMs(finding.rule))
              == Incident.Transition.RESOLVE) {
        String summary =
            String.format(
                java.util.Locale.ROOT,
                "resolved: %s for %s=%s, not seen for %d window(s) since %s; last window: %s",
                finding.rule,
                entityType,
                entity.value,
                settings.resolveAfterWindows,
                AlertEvent.isoTime(incident.lastAnomalousWindowEndMs()),
                finding.summary);
        Finding resolved =
            new Finding(
                finding.rule,
                false,
                incident.severity(),
                finding.observedValue,
                finding.baseline,
                finding.threshold,
                finding.score,
                summary,
                finding.evidence);
        out.add(
            alert(
                incident.alertId(),
                AlertEvent.RESOLVED,
                resolved,
                entity,
                incident.firstWindowStartMs(),
                windowEndMs,
                true,
                observedUntilMs,
                nowMs));
      }
    }
  }

  private static DetectorOutput alert(
      String alertId,
      String status,
      Finding finding,
      EntityKey entity,
      long windowStartMs,
      long windowEndMs,
      boolean complete,
      long observedUntilMs,
      long nowMs) {
    ObjectNode json =
        AlertEvent.toJson(
            alertId,
            status,
            finding,
            entity.kind.entityType,
            entity.value,
            windowStartMs,
            windowEndMs,
            complete,
            observedUntilMs,
            nowMs);
    return new DetectorOutput(DetectorOutput.ALERT, alertId, json.toString());
  }

  /** Durations at or above twice the baseline p95 are sampled as evidence of slowness. */
  private long slowNanos(DetectionState state) {
    double level = state.latencyBaseline.level();
    return Double.isFinite(level) ? (long) (2 * Math.exp(level) * 1_000_000) : 0L;
  }

  private static DetectorOutput lateEvent(
      String service, Observation event, long watermarkMs, long nowMs) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("reason", "behind_watermark");
    json.put("service_name", service);
    json.put("event_time", AlertEvent.isoTime(event.eventTimeMs));
    json.put("watermark", AlertEvent.isoTime(watermarkMs));
    json.put("lateness_ms", watermarkMs - event.eventTimeMs);
    json.put("events_topic_offset", event.sourceOffset);
    json.put("source_ip", event.sourceIp);
    json.put("url_path", event.urlPath);
    if (event.statusCode > 0) {
      json.put("http_response_status_code", event.statusCode);
    } else {
      json.putNull("http_response_status_code");
    }
    json.put("detected_at", AlertEvent.isoTime(nowMs));
    return new DetectorOutput(DetectorOutput.LATE_EVENT, service, json.toString());
  }
}
