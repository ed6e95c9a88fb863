package io.logpulse.ingest.parse;

import io.logpulse.schemas.AccessEvent;
import java.util.Objects;

/**
 * The outcome of parsing one line: either {@link Parsed} with an event or {@link Rejected} with a
 * reason. Parsers return this value instead of throwing on bad input.
 */
public sealed interface ParseResult permits ParseResult.Parsed, ParseResult.Rejected {

  /**
   * The line was a well-formed access-log line.
   *
   * @param event the parsed event; never null
   */
  record Parsed(AccessEvent event) implements ParseResult {
    /**
     * Validates the component.
     *
     * @throws NullPointerException if {@code event} is null
     */
    public Parsed {
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * The line was rejected.
   *
   * @param reason the category, for dead-letter headers and metrics; never null
   * @param message what exactly was wrong, for a human, naming the field and usually its 1-based
   *     column, e.g. {@code "status code 0 outside 100-599"}; never null or blank
   */
  record Rejected(RejectReason reason, String message) implements ParseResult {
    /**
     * Validates the components.
     *
     * @throws NullPointerException if {@code reason} or {@code message} is null
     * @throws IllegalArgumentException if {@code message} is blank
     */
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
      if (message.isBlank()) {
        throw new IllegalArgumentException("message must not be blank");
      }
    }
  }
}
