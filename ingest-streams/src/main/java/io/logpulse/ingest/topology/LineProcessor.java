package io.logpulse.ingest.topology;

import io.logpulse.ingest.parse.ParseResult;
import io.logpulse.ingest.pipeline.EventPipeline;
import io.logpulse.ingest.parse.RejectReason;
import io.logpulse.schemas.AccessEvent;
import io.logpulse.schemas.LogpulseHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns one raw-line record into an {@link IngestResult}. Parsed events are keyed by {@code
 * source_address}; rejected lines keep their raw bytes and gain the {@code logpulse.errors.*}
 * provenance headers; control records pass through. Each rejection is counted in the Kafka Streams
 * metrics {@code dead-letter-total} and {@code dead-letter-rate} (group {@code
 * stream-logpulse-ingest-metrics}), tagged {@code reason=<code>}.
 */
final class LineProcessor implements Processor<byte[], byte[], String, IngestResult> {

  static final String METRICS_SCOPE = "logpulse-ingest";

  private final EventPipeline pipeline;
  private final Map<RejectReason, Sensor> deadLetterSensors = new EnumMap<>(RejectReason.class);
  private ProcessorContext<String, IngestResult> context;

  LineProcessor(EventPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public void init(ProcessorContext<String, IngestResult> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    if (record.headers().lastHeader(LogpulseHeaders.CONTROL) != null) {
      context.forward(record.withKey((String) null).withValue(new IngestResult.Control()));
      return;
    }
    byte[] raw = record.value() == null ? new byte[0] : record.value();
    ParseResult result =
        pipeline.process(
            raw, serviceName(record.headers()), Instant.ofEpochMilli(context.currentSystemTimeMs()));
    if (result instanceof ParseResult.Parsed parsed) {
      AccessEvent event = parsed.event();
      context.forward(
          record.withKey(event.getSourceAddress()).withValue(new IngestResult.Parsed(event)));
    } else if (result instanceof ParseResult.Rejected rejected) {
      deadLetterSensor(rejected.reason()).record();
      Headers headers = new RecordHeaders(record.headers().toArray());
      addProvenance(headers, Stage.PARSE, rejected.reason(), rejected.message());
      context.forward(
          new Record<String, IngestResult>(
              null, new IngestResult.Rejected(raw), record.timestamp(), headers));
    }
  }

  private String serviceName(Headers headers) {
    Header header = headers.lastHeader(LogpulseHeaders.SERVICE_NAME);
    if (header == null || header.value() == null || header.value().length == 0) {
      return null;
    }
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private void addProvenance(Headers headers, Stage stage, RejectReason reason, String message) {
    RecordMetadata metadata = context.recordMetadata().orElse(null);
    if (metadata != null) {
      put(headers, LogpulseHeaders.ERRORS_TOPIC, metadata.topic());
      put(headers, LogpulseHeaders.ERRORS_PARTITION, Integer.toString(metadata.partition()));
      put(headers, LogpulseHeaders.ERRORS_OFFSET, Long.toString(metadata.offset()));
    }
    put(headers, LogpulseHeaders.ERRORS_STAGE, stage.name());
    put(headers, LogpulseHeaders.ERRORS_REASON, reason.code());
    put(headers, LogpulseHeaders.ERRORS_MESSAGE, message);
  }

  private static void put(Headers headers, String key, String value) {
    headers.remove(key);
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private Sensor deadLetterSensor(RejectReason reason) {
    return deadLetterSensors.computeIfAbsent(
        reason,
        r ->
            context
                .metrics()
                .addRateTotalSensor(
                    METRICS_SCOPE,
                    r.code(),
                    "dead-letter",
                    Sensor.RecordingLevel.INFO,
                    "reason",
                    r.code()));
  }
}
