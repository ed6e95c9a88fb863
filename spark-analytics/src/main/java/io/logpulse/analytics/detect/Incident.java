package io.logpulse.analytics.detect;

import java.io.Serializable;

/**
 * The alert lifecycle of one rule for one entity, so that one incident is one alert, not one per
 * window.
 *
 * <ul>
 *   <li>Idle → <b>firing</b> when the rule's condition holds: a {@code firing} alert with a new id,
 *       {@code <rule>/<entity type>=<entity value>/<first window start>}.
 *   <li>While firing, more anomalous windows (or the closing of a window that already fired early)
 *       emit nothing.
 *   <li>Firing → <b>resolved</b> after {@code resolveAfterWindows} consecutive complete windows
 *       without the condition: a {@code resolved} alert with the same id. Windows without enough
 *       data to judge do not count either way.
 *   <li>The condition again within the cooldown after a resolve re-opens the same incident: a
 *       {@code firing} alert with the same id (receivers keyed by id, such as PagerDuty's dedup_key,
 *       treat it as the same incident). After the cooldown a new incident starts.
 * </ul>
 */
public final class Incident implements Serializable {

  private static final long serialVersionUID = 1L;

  /** What a transition asks the caller to emit. */
  public enum Transition {
    NONE,
    FIRE,
    RESOLVE
  }

  private String alertId;
  private boolean firing;
  private long firstWindowStartMs;
  private long lastAnomalousWindowEndMs;
  private int cleanWindows;
  private long cooldownUntilMs = Long.MIN_VALUE;
  private String severity = "warning";

  /** @return the current or last incident's alert id, null before the first */
  public String alertId() {
    return alertId;
  }

  public boolean firing() {
    return firing;
  }

  /** @return the highest severity the incident reached: {@code critical} or {@code warning} */
  public String severity() {
    return severity;
  }

  /** Raises the incident's severity to {@code severity} if that is higher. */
  public void escalate(String severity) {
    if ("critical".equals(severity)) {
      this.severity = severity;
    }
  }

  /** @return start of the incident's first window, epoch ms */
  public long firstWindowStartMs() {
    return firstWindowStartMs;
  }

  /** @return end of the latest window in which the condition held, epoch ms */
  public long lastAnomalousWindowEndMs() {
    return lastAnomalousWindowEndMs;
  }

  /** @return true while a resolved incident may still be re-opened, at event time {@code nowMs} */
  public boolean inCooldown(long nowMs) {
    return !firing && alertId != null && nowMs < cooldownUntilMs;
  }

  /**
   * Whether complete windows not judged yet could still resolve this firing incident before the
   * window starting at {@code windowStartMs}. While they can, the condition in that window must not
   * extend the incident: a replay or a backlog after an outage can hold one entity's anomalous
   * windows days apart in one micro-batch, and they are two incidents, not one.
   *
   * @param windowStartMs start of the window about to be judged early, epoch ms
   * @param judgedThroughMs windows ending at or before this were judged, epoch ms ({@code
   *     Long.MIN_VALUE} before the first)
   * @param windowMs window length, ms (windows are aligned to it)
   * @param resolveAfterWindows clean complete windows that resolve an incident, at least 1
   * @return false when not firing, or when too few windows lie between the incident's latest
   *     anomalous window, or the judged ones, and this window
   */
  public boolean mayResolveBefore(
      long windowStartMs, long judgedThroughMs, long windowMs, int resolveAfterWindows) {
    if (!firing) {
      return false;
    }
    long from = Math.max(lastAnomalousWindowEndMs, judgedThroughMs);
    long unjudged = windowStartMs > from ? (windowStartMs - from) / windowMs : 0L;
    return cleanWindows + unjudged >= resolveAfterWindows;
  }

  /**
   * The condition holds in the window [start, end).
   *
   * @param newAlertId the id a new incident gets; used only when one starts
   * @return {@link Transition#FIRE} when an alert must be emitted
   */
  public Transition anomalous(String newAlertId, long windowStartMs, long windowEndMs) {
    lastAnomalousWindowEndMs = Math.max(lastAnomalousWindowEndMs, windowEndMs);
    cleanWindows = 0;
    if (firing) {
      return Transition.NONE;
    }
    if (!inCooldown(windowStartMs)) {
      alertId = newAlertId;
      firstWindowStartMs = windowStartMs;
      severity = "warning";
    }
    firing = true;
    return Transition.FIRE;
  }

  /**
   * A complete window [start, end) in which the condition does not hold.
   *
   * @return {@link Transition#RESOLVE} when the incident ends with this window
   */
  public Transition clean(long windowEndMs, int resolveAfterWindows, long cooldownMs) {
    if (!firing || windowEndMs <= lastAnomalousWindowEndMs) {
      return Transition.NONE;
    }
    cleanWindows++;
    if (cleanWindows < resolveAfterWindows) {
      return Transition.NONE;
    }
    firing = false;
    cleanWindows = 0;
    cooldownUntilMs = windowEndMs + cooldownMs;
    return Transition.RESOLVE;
  }
}
