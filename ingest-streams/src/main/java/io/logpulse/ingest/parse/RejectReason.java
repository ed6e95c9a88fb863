package io.logpulse.ingest.parse;

/**
 * Why {@link AccessLogParser} rejected a line. Each constant has a stable lowercase snake_case
 * {@link #code()} for Kafka dead-letter headers and metric tags; codes are never renamed, new
 * reasons may be added.
 */
public enum RejectReason {
  /** The line is empty or contains only whitespace. */
  EMPTY_LINE("empty_line"),
  /** The line has more characters than the parser's configured maximum; it was not inspected. */
  LINE_TOO_LONG("line_too_long"),
  /** The line matches none of the supported formats (e.g. an error-log or syslog line). */
  UNKNOWN_FORMAT("unknown_format"),
  /** The line was recognised as a format but its fields do not have that format's structure. */
  MALFORMED_FIELDS("malformed_fields"),
  /** The timestamp is missing its expected layout, names an invalid date or has no UTC offset. */
  MALFORMED_TIMESTAMP("malformed_timestamp"),
  /** The HTTP status is not an integer from 100 to 599. */
  INVALID_STATUS_CODE("invalid_status_code"),
  /** A numeric field (size, duration) is not a non-negative number in range. */
  INVALID_NUMBER("invalid_number"),
  /** The line starts with '{' but is not one well-formed JSON object. */
  MALFORMED_JSON("malformed_json"),
  /** A JSON line of a recognised format lacks a field the event requires (time, client, status). */
  MISSING_REQUIRED_FIELD("missing_required_field");

  private final String code;

  RejectReason(String code) {
    this.code = code;
  }

  /**
   * Returns the stable identifier used in dead-letter headers and metrics.
   *
   * @return lowercase snake_case code, never null, e.g. {@code "malformed_timestamp"}
   */
  public String code() {
    return code;
  }
}
