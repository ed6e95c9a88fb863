package io.logpulse.ingest.topology;

import io.logpulse.ingest.parse.ParseResult;
import java.time.Instant;

/** What {@link LineProcessor} does with a line: in production {@code EventPipeline#process}. */
@FunctionalInterface
interface LinePipeline {

  /**
   * @param rawLine the record value as received
   * @param serviceName the record's service name header, or null
   * @param ingestedAt the stream time's wall clock
   * @return the event or the rejection; throws only on a defect
   */
  ParseResult process(byte[] rawLine, String serviceName, Instant ingestedAt);
}
