package io.logpulse.local.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The accounting of a run, printed at the end and written with {@code --summary}.
 *
 * @param linesRead lines read from the inputs and produced to the raw-lines topic
 * @param eventsWritten AccessEvent records committed to the events topic
 * @param deadLettered records on the dead-letter topic
 * @param deadLetteredByReason the same by reason code
 * @param windowsEmitted distinct (service, window) metrics records on the metrics topic
 * @param alertsEmitted incidents alerted: distinct alert ids on the alerts topic
 * @param alertsByRule the same by rule
 * @param alertsResolved incidents resolved (resolved messages on the alerts topic)
 * @param lateEvents records on the late-events topic: events behind the watermark
 * @param drained true when every line was accounted for and the last windows closed in time
 * @param wallTimeMillis run time from start of the stack to the summary, milliseconds
 */
public record RunSummary(
    long linesRead,
    long eventsWritten,
    long deadLettered,
    Map<String, Long> deadLetteredByReason,
    long windowsEmitted,
    long alertsEmitted,
    Map<String, Long> alertsByRule,
    long alertsResolved,
    long lateEvents,
    boolean drained,
    long wallTimeMillis) {

  /** @return true when {@code events_written + dead_lettered == lines_read} */
  public boolean accounted() {
    return eventsWritten + deadLettered == linesRead;
  }

  /** @return the summary as pretty-printed JSON with snake_case keys */
  public String toJson() {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode node = mapper.createObjectNode();
    node.put("lines_read", linesRead);
    node.put("events_written", eventsWritten);
    node.put("dead_lettered", deadLettered);
    node.set("dead_lettered_by_reason", mapper.valueToTree(deadLetteredByReason));
    node.put("windows_emitted", windowsEmitted);
    node.put("alerts_emitted", alertsEmitted);
    node.set("alerts_by_rule", mapper.valueToTree(alertsByRule));
    node.put("alerts_resolved", alertsResolved);
    node.put("late_events", lateEvents);
    node.put("accounted", accounted());
    node.put("drained", drained);
    node.put("wall_time_ms", wallTimeMillis);
    try {
      return mapper.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
