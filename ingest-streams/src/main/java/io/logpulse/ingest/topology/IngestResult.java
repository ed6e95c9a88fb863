package io.logpulse.ingest.topology;

import io.logpulse.schemas.AccessEvent;

/** What became of one raw-line record: an event, a control record, or a dead letter. */
sealed interface IngestResult {

  /** The value written to the events topic; null for a control record. */
  AccessEvent event();

  /** A line parsed into an event. */
  record Parsed(AccessEvent event) implements IngestResult {}

  /** A control record (see {@link io.logpulse.schemas.LogpulseHeaders#CONTROL}), passed through. */
  record Control() implements IngestResult {
    @Override
    public AccessEvent event() {
      return null;
    }
  }

  /** A line that cannot be used; {@code rawLine} is the record value exactly as received. */
  record Rejected(byte[] rawLine) implements IngestResult {
    @Override
    public AccessEvent event() {
      return null;
    }
  }
}
