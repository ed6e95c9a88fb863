package io.logpulse.ingest.parse;

import java.time.Instant;
import java.util.Objects;

/**
 * Per-line values that do not come from the line itself and that {@link AccessLogParser} copies
 * into the event.
 *
 * @param serviceName copied to {@code service_name}; never null or blank
 * @param ingestedAt copied to {@code event_ingested} (truncated to milliseconds); null leaves the
 *     field null
 * @param keepOriginal when true the whole line, exactly as passed to the parser, is copied to
 *     {@code event_original}; when false {@code event_original} is null
 */
public record LineContext(String serviceName, Instant ingestedAt, boolean keepOriginal) {

  /**
   * Validates the components.
   *
   * @throws NullPointerException if {@code serviceName} is null
   * @throws IllegalArgumentException if {@code serviceName} is blank
   */
  public LineContext {
    Objects.requireNonNull(serviceName, "serviceName");
    if (serviceName.isBlank()) {
      throw new IllegalArgumentException("serviceName must not be blank");
    }
  }
}
