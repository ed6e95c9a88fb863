package io.logpulse.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far each spark-analytics query has read the events topic, from the {@code end_offsets} of
 * its progress records ({@code ProgressPublisher}): what tells {@link EndToEndLatency} that every
 * query, not only the detectors, has drained a backlog.
 */
final class QueryProgress {

  /** The spark-analytics queries ({@code AnalyticsJob}), all of which must drain the backlog. */
  static final List<String> QUERIES =
      List.of("service-window-metrics", "client-window-metrics", "detectors", "undecodable-events");

  /**
   * @param readUpTo events-topic offset read up to, by partition
   * @param endMs when the batch ended, epoch ms
   */
  private record Batch(Map<Integer, Long> readUpTo, long endMs) {

    boolean reached(Map<Integer, Long> offsets) {
      return offsets.entrySet().stream()
          .allMatch(end -> readUpTo.getOrDefault(end.getKey(), -1L) >= end.getValue());
    }
  }

  private final String eventsTopic;
  /** Per query, every progress record in order: written by the watcher thread, read by another. */
  private final Map<String, List<Batch>> batches = new ConcurrentHashMap<>();

  QueryProgress(String eventsTopic) {
    this.eventsTopic = eventsTopic;
  }

  /** Takes one progress record; records without events-topic offsets are ignored. */
  void record(JsonNode record) {
    JsonNode offsets = record.path("end_offsets").path(eventsTopic);
    if (record.path("terminated").asBoolean() || !offsets.isObject()) {
      return;
    }
    Map<Integer, Long> readUpTo = new TreeMap<>();
    for (Map.Entry<String, JsonNode> partition : offsets.properties()) {
      readUpTo.put(Integer.parseInt(partition.getKey()), partition.getValue().asLong());
    }
    long batchEnd =
        Instant.parse(record.path("timestamp").asText()).toEpochMilli()
            + record.path("duration_ms").path("triggerExecution").asLong();
    batches
        .computeIfAbsent(record.path("query_name").asText(), name -> new CopyOnWriteArrayList<>())
        .add(new Batch(readUpTo, batchEnd));
  }

  /**
   * @param offsets events-topic offsets by partition
   * @return when the last of {@link #QUERIES} ended the first batch that read every partition up to
   *     {@code offsets}; empty while some query has not
   */
  OptionalLong allReached(Map<Integer, Long> offsets) {
    long last = Long.MIN_VALUE;
    for (String query : QUERIES) {
      Batch reached =
          batches.getOrDefault(query, List.of()).stream()
              .filter(batch -> batch.reached(offsets))
              .findFirst()
              .orElse(null);
      if (reached == null) {
        return OptionalLong.empty();
      }
      last = Math.max(last, reached.endMs());
    }
    return OptionalLong.of(last);
  }

  /** @return the topic's committed (read_committed) end offset of each partition */
  static Map<Integer, Long> eventsEndOffsets(String bootstrap, String topic) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(info -> new TopicPartition(info.topic(), info.partition()))
              .toList();
      Map<Integer, Long> offsets = new TreeMap<>();
      consumer.endOffsets(partitions).forEach((partition, offset) -> offsets.put(partition.partition(), offset));
      return offsets;
    }
  }
}
