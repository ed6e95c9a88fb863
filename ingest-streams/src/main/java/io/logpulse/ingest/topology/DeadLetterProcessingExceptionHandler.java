package io.logpulse.ingest.topology;

import io.logpulse.schemas.LogpulseHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' {@code processing.exception.handler} of ingest-streams (KIP-1033, with the dead
 * letter records of KIP-1034): a line whose processing throws (a bug, never bad input: parsers
 * return rejections) goes to the dead-letter topic with its exact bytes, stage {@link
 * Stage#PROCESS}, reason {@value #REASON} and the exception as the message, and the stream thread
 * resumes with the next line. Without it, one such line would stop the thread, and the restarted
 * thread would read the same line again.
 *
 * <p>The record is logged at ERROR with its stack trace: it is a defect to fix, not data to ignore.
 * Configured with {@value #DEAD_LETTER_TOPIC_CONFIG}, which {@code IngestConfig} sets.
 *
 * <p>Not dead-lettered, the thread fails as before: Kafka's own errors ({@link KafkaException},
 * which covers a sink's send or serialization failure reported while this line was processed:
 * infrastructure, or another record's fault), and control records (a lost watermark flush would go
 * unnoticed).
 */
public final class DeadLetterProcessingExceptionHandler implements ProcessingExceptionHandler {

  /** Streams property naming the dead-letter topic; required. */
  public static final String DEAD_LETTER_TOPIC_CONFIG = "logpulse.dead.letter.topic";

  /** {@code logpulse.errors.reason} of the records this handler writes. */
  public static final String REASON = "processing_error";

  private static final Logger LOG =
      LoggerFactory.getLogger(DeadLetterProcessingExceptionHandler.class);

  private String deadLetterTopic;

  @Override
  public void configure(Map<String, ?> configs) {
    Object topic = configs.get(DEAD_LETTER_TOPIC_CONFIG);
    if (topic == null || topic.toString().isBlank()) {
      throw new ConfigException(DEAD_LETTER_TOPIC_CONFIG, topic, "the dead-letter topic is required");
    }
    deadLetterTopic = topic.toString();
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    if (exception instanceof KafkaException
        || context.headers().lastHeader(LogpulseHeaders.CONTROL) != null) {
      return Response.fail();
    }
    LOG.error(
        "processing {}-{}@{} failed in {}; the line goes to {} and processing resumes",
        context.topic(), context.partition(), context.offset(), context.processorNodeId(),
        deadLetterTopic, exception);
    Headers headers = new RecordHeaders(context.headers().toArray());
    put(headers, LogpulseHeaders.ERRORS_TOPIC, context.topic());
    put(headers, LogpulseHeaders.ERRORS_PARTITION, Integer.toString(context.partition()));
    put(headers, LogpulseHeaders.ERRORS_OFFSET, Long.toString(context.offset()));
    put(headers, LogpulseHeaders.ERRORS_STAGE, Stage.PROCESS.name());
    put(headers, LogpulseHeaders.ERRORS_REASON, REASON);
    put(headers, LogpulseHeaders.ERRORS_MESSAGE, exception.getClass().getName() + ": " + exception.getMessage());
    return Response.resume(
        List.of(
            new ProducerRecord<>(
                deadLetterTopic, null, context.timestamp(), context.sourceRawKey(),
                context.sourceRawValue(), headers)));
  }

  private static void put(Headers headers, String key, String value) {
    headers.remove(key);
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }
}
