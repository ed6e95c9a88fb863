package io.logpulse.ingest.topology;

import io.logpulse.ingest.parse.ParseResult;
import io.logpulse.ingest.config.IngestConfig;
import io.logpulse.schemas.AccessEvent;
import io.logpulse.schemas.LogpulseHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one raw-line record into an {@link IngestResult}. Parsed events are keyed by {@code
 * source_address}; rejected lines keep their raw bytes and gain the {@code logpulse.errors.*}
 * provenance headers; control records pass through. Each dead letter is counted in the Kafka
 * Streams metrics {@code dead-letter-total} and {@code dead-letter-rate} (group {@code
 * stream-logpulse-ingest-metrics}), tagged {@code reason=<code>}.
 *
 * <p>A line whose processing throws (a defect: parsers return rejections, they never throw) is
 * logged at ERROR and dead-lettered with stage {@link Stage#PROCESS} and reason {@value
 * #PROCESSING_ERROR}, and the next line is processed, unless the partition's {@link
 * ProcessingErrorBudget} is exceeded: then a {@link StreamsException} stops the stream thread, and
 * the lines since the last commit are processed again once the defect is fixed. Kafka's own errors
 * ({@link org.apache.kafka.common.KafkaException}, such as a sink that cannot serialize or send)
 * happen when a result is forwarded, outside the pipeline: they are infrastructure, not the line's
 * fault, and stop the thread, as does anything thrown by a control record.
 */
final class LineProcessor implements Processor<byte[], byte[], String, IngestResult> {

  static final String METRICS_SCOPE = "logpulse-ingest";

  /** {@code logpulse.errors.reason} and metric tag of a line whose processing threw. */
  static final String PROCESSING_ERROR = "processing_error";

  private static final Logger LOG = LoggerFactory.getLogger(LineProcessor.class);

  private final LinePipeline pipeline;
  private final ProcessingErrorBudget errorBudget;
  private final Map<String, Sensor> deadLetterSensors = new HashMap<>();
  private ProcessorContext<String, IngestResult> context;

  /**
   * @param pipeline the shared, thread-safe line pipeline
   * @param errorBudget this task's budget of lines whose processing may throw
   */
  LineProcessor(LinePipeline pipeline, ProcessingErrorBudget errorBudget) {
    this.pipeline = pipeline;
    this.errorBudget = errorBudget;
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
    ParseResult result;
    try {
      result =
          pipeline.process(
              raw, serviceName(record.headers()), Instant.ofEpochMilli(context.currentSystemTimeMs()));
    } catch (RuntimeException e) {
      processingFailed(record, raw, e);
      return;
    }
    errorBudget.record(false);
    if (result instanceof ParseResult.Parsed parsed) {
      AccessEvent event = parsed.event();
      context.forward(
          record.withKey(event.getSourceAddress()).withValue(new IngestResult.Parsed(event)));
    } else if (result instanceof ParseResult.Rejected rejected) {
      deadLetter(record, raw, Stage.PARSE, rejected.reason().code(), rejected.message());
    }
  }

  private void processingFailed(Record<byte[], byte[]> record, byte[] raw, RuntimeException e) {
    String where =
        context
            .recordMetadata()
            .map(metadata -> metadata.topic() + "-" + metadata.partition() + "@" + metadata.offset())
            .orElse("a record");
    if (errorBudget.record(true)) {
      throw new StreamsException(
          String.format(
              Locale.ROOT,
              "processing threw on %d of the last %d lines (%s the latest), more than %s=%s allows:"
                  + " stopping so that these lines are processed again once the defect is fixed",
              errorBudget.failures(), errorBudget.windowLines(), where,
              IngestConfig.PROCESSING_ERRORS_MAX_RATIO, errorBudget.maxRatio()),
          e);
    }
    LOG.error("processing {} threw; the line goes to the dead-letter topic and processing goes on", where, e);
    deadLetter(record, raw, Stage.PROCESS, PROCESSING_ERROR, e.getClass().getName() + ": " + e.getMessage());
  }

  private String serviceName(Headers headers) {
    Header header = headers.lastHeader(LogpulseHeaders.SERVICE_NAME);
    if (header == null || header.value() == null || header.value().length == 0) {
      return null;
    }
    return new String(header.value(), StandardCharsets.UTF_8);
  }

  private void deadLetter(
      Record<byte[], byte[]> record, byte[] raw, Stage stage, String reason, String message) {
    deadLetterSensor(reason).record();
    Headers headers = new RecordHeaders(record.headers().toArray());
    addProvenance(headers, stage, reason, message);
    context.forward(
        new Record<String, IngestResult>(
            null, new IngestResult.Rejected(raw), record.timestamp(), headers));
  }

  private void addProvenance(Headers headers, Stage stage, String reason, String message) {
    RecordMetadata metadata = context.recordMetadata().orElse(null);
    if (metadata != null) {
      put(headers, LogpulseHeaders.ERRORS_TOPIC, metadata.topic());
      put(headers, LogpulseHeaders.ERRORS_PARTITION, Integer.toString(metadata.partition()));
      put(headers, LogpulseHeaders.ERRORS_OFFSET, Long.toString(metadata.offset()));
    }
    put(headers, LogpulseHeaders.ERRORS_STAGE, stage.name());
    put(headers, LogpulseHeaders.ERRORS_REASON, reason);
    put(headers, LogpulseHeaders.ERRORS_MESSAGE, message);
  }

  private static void put(Headers headers, String key, String value) {
    headers.remove(key);
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private Sensor deadLetterSensor(String reason) {
    return deadLetterSensors.computeIfAbsent(
        reason,
        code ->
            context
                .metrics()
                .addRateTotalSensor(
                    METRICS_SCOPE,
                    code,
                    "dead-letter",
                    Sensor.RecordingLevel.INFO,
                    "reason",
                    code));
  }
}
