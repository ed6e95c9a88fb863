package io.logpulse.analytics.detect;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The most frequent values of a stream in bounded memory: the Space-Saving algorithm (Metwally,
 * Agrawal, El Abbadi, "Efficient Computation of Frequent and Top-k Elements in Data Streams", ICDT
 * 2005). Holds at most {@code capacity} values; when full, a new value replaces the one with the
 * smallest count and inherits that count, so a reported count overestimates by at most the smallest
 * count held. Values longer than 200 characters are cut.
 */
public final class TopCounts implements Serializable {

  private static final long serialVersionUID = 1L;
  static final int MAX_VALUE_CHARS = 200;

  private final int capacity;
  private final HashMap<String, Long> counts = new HashMap<>();

  /** @param capacity most values held, at least 1 */
  public TopCounts(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.capacity = capacity;
  }

  /** Counts one occurrence of {@code value}; null is ignored. */
  public void add(String value) {
    if (value == null) {
      return;
    }
    String key = value.length() > MAX_VALUE_CHARS ? value.substring(0, MAX_VALUE_CHARS) : value;
    Long count = counts.get(key);
    if (count != null) {
      counts.put(key, count + 1);
    } else if (counts.size() < capacity) {
      counts.put(key, 1L);
    } else {
      Map.Entry<String, Long> smallest =
          counts.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
      counts.remove(smallest.getKey());
      counts.put(key, smallest.getValue() + 1);
    }
  }

  /**
   * @param limit most entries returned
   * @return the values by descending count (ties by value), at most {@code limit}
   */
  public Map<String, Long> top(int limit) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(
        Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()));
    Map<String, Long> top = new LinkedHashMap<>();
    for (Map.Entry<String, Long> entry : entries.subList(0, Math.min(limit, entries.size()))) {
      top.put(entry.getKey(), entry.getValue());
    }
    return top;
  }
}
