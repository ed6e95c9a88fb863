package io.logpulse.ingest.topology;

/**
 * The processing stage at which a raw line was dead-lettered, written to the {@code
 * logpulse.errors.stage} header (after Kafka Connect's {@code ErrorReporter} stages).
 */
public enum Stage {
  /** Decoding the record and recognising and parsing the line's format. */
  PARSE,
  /** Checking the parsed values (status range, timestamps, numbers). */
  VALIDATE,
  /** Anything else that threw while the line was processed: a defect, logged at ERROR. */
  PROCESS
}
