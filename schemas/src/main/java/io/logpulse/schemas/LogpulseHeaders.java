package io.logpulse.schemas;

/**
 * Kafka record header names that form part of logpulse's topic contracts. Header values are UTF-8
 * text.
 *
 * <p>Three groups:
 *
 * <ul>
 *   <li>Raw-line topic, set by whoever ships the lines: {@link #SERVICE_NAME}.
 *   <li>Control records: a record with a {@link #CONTROL} header carries no log line. ingest-streams
 *       forwards it to the events topic with a null value and the same headers; spark-analytics lets
 *       it advance the event-time watermark and then drops it, so it never counts as traffic.
 *   <li>Dead-letter topic, set by ingest-streams, after Kafka Connect's {@code
 *       DeadLetterQueueReporter}: the value is the raw line's bytes exactly as received; the headers
 *       say where it came from and why it could not be used.
 * </ul>
 */
public final class LogpulseHeaders {

  /** Raw-line header: the {@code service.name} the line belongs to. Optional. */
  public static final String SERVICE_NAME = "logpulse.service.name";

  /** Control-record header; its value names the control kind, e.g. {@link #CONTROL_WATERMARK}. */
  public static final String CONTROL = "logpulse.control";

  /**
   * Control kind: "no event older than {@link #WATERMARK_MS} will follow from this source". Sent by a
   * replay once its input is exhausted so that the last event-time windows can close.
   */
  public static final String CONTROL_WATERMARK = "watermark";

  /** Control-record header: an event time in UTC epoch milliseconds, as decimal text. */
  public static final String WATERMARK_MS = "logpulse.watermark.ms";

  /** Dead-letter header: topic of the rejected record. */
  public static final String ERRORS_TOPIC = "logpulse.errors.topic";

  /** Dead-letter header: partition of the rejected record, decimal text. */
  public static final String ERRORS_PARTITION = "logpulse.errors.partition";

  /** Dead-letter header: offset of the rejected record, decimal text. */
  public static final String ERRORS_OFFSET = "logpulse.errors.offset";

  /** Dead-letter header: the processing stage that rejected the record, e.g. {@code PARSE}. */
  public static final String ERRORS_STAGE = "logpulse.errors.stage";

  /** Dead-letter header: a stable lowercase reason code, e.g. {@code malformed_timestamp}. */
  public static final String ERRORS_REASON = "logpulse.errors.reason";

  /** Dead-letter header: a human-readable explanation of the rejection. */
  public static final String ERRORS_MESSAGE = "logpulse.errors.message";

  private LogpulseHeaders() {}
}
