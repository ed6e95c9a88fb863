package io.logpulse.local.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.logpulse.local.replay.ReplayLine;
import io.logpulse.local.run.RunObserver;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Measures detection delay in wall-clock time during a scenario run: for an alert, its append
 * time on the alerts topic minus the time by which every line its figures can count was on the
 * raw-lines topic (the latest append time among lines whose event time is at or before the
 * alert's {@code observed_until}, or before it when that is the window's end; the replay sends
 * lines in event-time order, so that is the last such line's). Both times are the broker's ({@code LogAppendTime} topics).
 *
 * <p>That is the time the pipeline took once the evidence was in. Detection delay in event time
 * ({@code observed_until} minus the incident's start) comes before it: at real speed a person waits
 * for both, and for a rule judged when its window closes also for the watermark delay, which a
 * replay faster than real time shortens. Thread-safe.
 */
final class LineToAlertTimes implements RunObserver {

  private long[] eventTimes = new long[1024];
  private long[] appendTimes = new long[1024];
  private int lines;
  private final Map<String, Long> alertAppendTimes = new HashMap<>();
  private long[] sortedEventTimes;
  private long[] latestAppendAtOrBefore;

  @Override
  public synchronized void appended(ReplayLine line, long appendTimeMs) {
    if (lines == eventTimes.length) {
      eventTimes = Arrays.copyOf(eventTimes, lines * 2);
      appendTimes = Arrays.copyOf(appendTimes, lines * 2);
    }
    eventTimes[lines] = line.eventTimeMillis();
    appendTimes[lines] = appendTimeMs;
    lines++;
    sortedEventTimes = null;
  }

  @Override
  public synchronized void alertAppended(JsonNode alert, long appendTimeMs) {
    alertAppendTimes.put(key(alert), appendTimeMs);
  }

  /**
   * @param alert an alert message seen by {@link #alertAppended}
   * @return its line-to-alert time in ms, or -1 when the alert or a line before its {@code
   *     observed_until} was not seen
   */
  synchronized long delayMs(JsonNode alert) {
    Long alertAppendTime = alertAppendTimes.get(key(alert));
    if (alertAppendTime == null || lines == 0) {
      return -1;
    }
    index();
    long observedUntil = Instant.parse(alert.path("observed_until").asText()).toEpochMilli();
    long windowEnd = Instant.parse(alert.path("window").path("end").asText()).toEpochMilli();
    // An early alert's observed_until is its latest event (counted); a complete window's is the
    // window's end, which the window [start, end) does not include.
    int last = lowerBound(observedUntil == windowEnd ? observedUntil : observedUntil + 1) - 1;
    if (last < 0) {
      return -1;
    }
    return alertAppendTime - latestAppendAtOrBefore[last];
  }

  /** Sorts lines by event time and keeps, for each, the latest append time up to it. */
  private void index() {
    if (sortedEventTimes != null) {
      return;
    }
    Integer[] order = new Integer[lines];
    for (int i = 0; i < lines; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(eventTimes[a], eventTimes[b]));
    sortedEventTimes = new long[lines];
    latestAppendAtOrBefore = new long[lines];
    long latest = Long.MIN_VALUE;
    for (int i = 0; i < lines; i++) {
      sortedEventTimes[i] = eventTimes[order[i]];
      latest = Math.max(latest, appendTimes[order[i]]);
      latestAppendAtOrBefore[i] = latest;
    }
  }

  /** @return the first index whose event time is at least {@code eventTime} */
  private int lowerBound(long eventTime) {
    int low = 0;
    int high = lines;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (sortedEventTimes[middle] < eventTime) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private static String key(JsonNode alert) {
    return alert.path("alert_id").asText() + " " + alert.path("status").asText();
  }
}
