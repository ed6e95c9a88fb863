package io.logpulse.analytics.detect;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;

/**
 * Counts distinct values exactly up to a cap, in bounded memory: it keeps the 64-bit hashes of at
 * most {@code cap} values (8 bytes each, plus set overhead) and saturates there. Detectors only ask
 * "few or many?" below their thresholds, so a cap above every threshold loses nothing they need.
 * Hash collisions (64-bit FNV-1a) are negligible at these sizes.
 */
public final class DistinctCount implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int cap;
  private final HashSet<Long> hashes = new HashSet<>();
  private boolean saturated;

  /** @param cap most distinct values counted, at least 1 */
  public DistinctCount(int cap) {
    this.cap = cap;
  }

  /** Counts {@code value}; null and empty values are ignored. */
  public void add(String value) {
    if (value == null || value.isEmpty() || saturated) {
      return;
    }
    hashes.add(fnv1a64(value));
    if (hashes.size() >= cap) {
      saturated = true;
    }
  }

  /** @return the number of distinct values seen, at most the cap */
  public int count() {
    return hashes.size();
  }

  /** @return true when the cap was reached: the true count may be higher */
  public boolean saturated() {
    return saturated;
  }

  static long fnv1a64(String value) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
