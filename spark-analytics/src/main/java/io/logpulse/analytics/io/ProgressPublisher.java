package io.logpulse.analytics.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Publishes every streaming query's progress to a Kafka topic as JSON, keyed by query name: a
 * heartbeat an operator (or the local stack's drain check) can watch. One record per micro-batch:
 *
 * <pre>{"query_name": "detectors", "batch_id": 12, "timestamp": "2026-...Z",
 *  "num_input_rows": 5000, "input_rows_per_second": 4100.0, "processed_rows_per_second": 9800.0,
 *  "watermark": "2022-09-01T22:40:00.000Z", "watermark_ms": 1662072000000, "state_rows_total": 81,
 *  "duration_ms": {"triggerExecution": 1210, "addBatch": 980, "walCommit": 60, ...},
 *  "end_offsets": {"logpulse.access-events": {"0": 81200, "1": 80955}},
 *  "terminated": false}</pre>
 *
 * {@code duration_ms} is Spark's {@link StreamingQueryProgress#durationMs()}: milliseconds the batch
 * spent in each phase ({@code triggerExecution} is the whole batch), what to read first when a
 * query falls behind. {@code end_offsets}: the offsets the batch read up to, per topic and
 * partition, merged over the query's sources; compare them with the topic's end offsets to see
 * how far behind the query is. {@code watermark} and {@code watermark_ms} (UTC epoch milliseconds) are the event-time watermark
 * the batch ran with, null before the first one. When a query stops, one more record with {@code
 * "terminated": true} and {@code "exception"} (null after a clean stop).
 */
public final class ProgressPublisher extends StreamingQueryListener implements AutoCloseable {

  // StreamingQueryListener is Serializable, but listeners live on the driver and are never sent.
  private static final long serialVersionUID = 1L;

  private final transient ObjectMapper json = new ObjectMapper();
  private final transient KafkaProducer<String, String> producer;
  private final String topic;
  private final transient Map<UUID, String> queryNames = new ConcurrentHashMap<>();
  private transient boolean closed;

  /** @param bootstrapServers Kafka bootstrap servers; @param topic the progress topic */
  public ProgressPublisher(String bootstrapServers, String topic) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "0"); // sent at once, never blocks the bus
    this.producer =
        new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    this.topic = topic;
  }

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    queryNames.put(event.id(), String.valueOf(event.name()));
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress progress = event.progress();
    ObjectNode node = json.createObjectNode();
    node.put("query_name", progress.name());
    node.put("batch_id", progress.batchId());
    node.put("timestamp", progress.timestamp());
    node.put("num_input_rows", progress.numInputRows());
    node.put("input_rows_per_second", finite(progress.inputRowsPerSecond()));
    node.put("processed_rows_per_second", finite(progress.processedRowsPerSecond()));
    String watermark = progress.eventTime().get("watermark");
    node.put("watermark", watermark);
    if (watermark == null) {
      node.putNull("watermark_ms");
    } else {
      node.put("watermark_ms", Instant.parse(watermark).toEpochMilli());
    }
    long stateRows = 0;
    for (StateOperatorProgress operator : progress.stateOperators()) {
      stateRows += operator.numRowsTotal();
    }
    node.put("state_rows_total", stateRows);
    ObjectNode durations = node.putObject("duration_ms");
    new TreeMap<>(progress.durationMs()).forEach(durations::put);
    ObjectNode endOffsets = node.putObject("end_offsets");
    for (SourceProgress source : progress.sources()) {
      endOffsets.setAll(offsetsOf(source.endOffset()));
    }
    node.put("terminated", false);
    send(progress.name(), node);
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    String name = queryNames.getOrDefault(event.id(), event.id().toString());
    ObjectNode node = json.createObjectNode();
    node.put("query_name", name);
    node.put("terminated", true);
    node.put("exception", event.exception().isDefined() ? event.exception().get() : null);
    send(name, node);
  }

  private synchronized void send(String key, ObjectNode node) {
    if (closed) {
      return;
    }
    producer.send(new ProducerRecord<>(topic, key, node.toString()));
  }

  /** Kafka sources write offsets as {@code {"topic": {"partition": offset}}}; others are skipped. */
  private ObjectNode offsetsOf(String offsetJson) {
    try {
      JsonNode offsets = offsetJson == null ? null : json.readTree(offsetJson);
      return offsets instanceof ObjectNode object ? object : json.createObjectNode();
    } catch (JsonProcessingException notJson) {
      return json.createObjectNode();
    }
  }

  private static double finite(double value) {
    return Double.isFinite(value) ? value : 0.0;
  }

  /** Closes the producer; progress reported afterwards (while Spark shuts down) is dropped. */
  @Override
  public synchronized void close() {
    closed = true;
    producer.close();
  }
}
