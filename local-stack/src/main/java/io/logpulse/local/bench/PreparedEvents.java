package io.logpulse.local.bench;

import io.logpulse.ingest.config.PipelineConfig;
import io.logpulse.ingest.parse.ParseResult;
import io.logpulse.ingest.pipeline.EventPipeline;
import io.logpulse.registry.AvroWireSerializer;
import io.logpulse.registry.SchemaRegistryClient;
import io.logpulse.schemas.AccessEvent;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * An events topic prepared for the Spark benchmark: real log lines parsed and enriched by the
 * ingest pipeline's own code, then written again and again as {@code AccessEvent} records
 * (Confluent wire format, schema registered as ingest-streams registers it) with event times
 * compressed to a steady rate.
 *
 * <p>Each record keeps its line's client, request, status, bytes and user agent. Three fields are
 * rewritten, and the report says so: {@code timestamp} (record {@code i} at {@code start + i /
 * eventsPerSecond}), {@code service_name} ({@code service-<i mod services>}) and {@code
 * event_duration} (log-normal, median 40 ms, σ 0.8, seeded), because access logs without a duration
 * field would leave the latency aggregates idle.
 */
final class PreparedEvents {

  /** Event time of the first record: a fixed instant, so runs are comparable. */
  static final Instant START = Instant.parse("2026-01-15T00:00:00Z");

  private static final double MEDIAN_DURATION_NANOS = 40e6;
  private static final double DURATION_SIGMA = 0.8;

  private PreparedEvents() {}

  /**
   * Parses {@code lines} with the default ingest pipeline (auto-detected format, enrichment on).
   *
   * @return the parsed events, in line order; lines that do not parse are skipped
   * @throws IllegalArgumentException when no line parses
   */
  static List<AccessEvent> parse(List<byte[]> lines) {
    List<AccessEvent> events = new ArrayList<>();
    Map<String, String> settings = Map.of(PipelineConfig.TIMESTAMP_SKEW_MAX_PAST_MS, "0");
    try (EventPipeline pipeline = EventPipeline.create(new PipelineConfig(settings))) {
      for (byte[] line : lines) {
        if (pipeline.process(line, "bench", null) instanceof ParseResult.Parsed parsed) {
          events.add(parsed.event());
        }
      }
    }
    if (events.isEmpty()) {
      throw new IllegalArgumentException("no line of the corpus parses: nothing to benchmark with");
    }
    return events;
  }

  /** @return the file's lines as bytes, without terminators */
  static List<byte[]> readLines(Path file) throws IOException {
    List<byte[]> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
      lines.add(line.getBytes(StandardCharsets.ISO_8859_1));
    }
    return lines;
  }

  /**
   * Writes {@code count} records to {@code topic}, cycling through {@code events}.
   *
   * @param eventsPerSecond event-time rate of the written records, &gt; 0
   * @param services number of distinct {@code service_name} values, &gt; 0
   * @throws ExecutionException when the broker refuses a record
   */
  static void write(
      String bootstrapServers,
      URI registryUrl,
      String topic,
      List<AccessEvent> events,
      long count,
      int eventsPerSecond,
      int services)
      throws ExecutionException, InterruptedException {
    Random random = new Random(7);
    String[] serviceNames = new String[services];
    for (int i = 0; i < services; i++) {
      serviceNames[i] = "service-" + i;
    }
    long start = START.toEpochMilli();
    try (SchemaRegistryClient registry = new SchemaRegistryClient(registryUrl);
        AvroWireSerializer<AccessEvent> serializer =
            new AvroWireSerializer<>(registry, AccessEvent.getClassSchema());
        KafkaProducer<byte[], byte[]> producer = producer(bootstrapServers)) {
      AtomicReference<Exception> failure = new AtomicReference<>();
      for (long i = 0; i < count; i++) {
        AccessEvent event = events.get((int) (i % events.size()));
        event.setTimestamp(Instant.ofEpochMilli(start + i * 1_000 / eventsPerSecond));
        event.setServiceName(serviceNames[(int) (i % services)]);
        event.setEventDuration(
            (long) (MEDIAN_DURATION_NANOS * Math.exp(DURATION_SIGMA * random.nextGaussian())));
        producer.send(
            new ProducerRecord<>(topic, serializer.serialize(topic, event)),
            (metadata, exception) -> {
              if (exception != null) {
                failure.compareAndSet(null, exception);
              }
            });
      }
      producer.flush();
      if (failure.get() != null) {
        throw new ExecutionException("the broker refused a prepared event", failure.get());
      }
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    properties.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(properties);
  }
}
