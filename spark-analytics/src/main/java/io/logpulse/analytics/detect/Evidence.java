package io.logpulse.analytics.detect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/** Shared pieces of alert evidence. */
final class Evidence {

  static final int TOP = 5;

  private Evidence() {}

  /** Puts {@code field}: [{"value": v, "count": n}, ...] by descending count. */
  static void putTop(ObjectNode evidence, String field, TopCounts counts) {
    ArrayNode array = evidence.putArray(field);
    for (Map.Entry<String, Long> entry : counts.top(TOP).entrySet()) {
      array.addObject().put("value", entry.getKey()).put("count", entry.getValue());
    }
  }

  /** Puts {@code sample_offsets}: events-topic positions {@code <partition>:<offset>}. */
  static void putOffsets(ObjectNode evidence, List<String> offsets) {
    ArrayNode array = evidence.putArray("sample_offsets");
    offsets.forEach(array::add);
  }

  static void putMillis(ObjectNode evidence, String field, double millis) {
    if (Double.isFinite(millis)) {
      evidence.put(field, AlertEvent.round(millis));
    } else {
      evidence.putNull(field);
    }
  }
}
