package io.logpulse.local.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpulse.schemas.LogpulseHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every output topic of a run from the beginning (committed records only) and keeps the
 * run's accounting: events written, dead letters by reason, window metrics, alert messages
 * (deduplicated by {@code alert_id} and {@code status}: Spark's Kafka sink is at-least-once), late
 * events, and each analytics query's latest watermark and progress time. Runs on its own thread until {@link #close()}.
 */
final class OutputWatcher implements Runnable, AutoCloseable {

  private final ObjectMapper json = new ObjectMapper();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Topics topics;
  private final BiConsumer<JsonNode, Long> onAlert;

  private long eventsWritten;
  private final Map<String, Long> deadLetteredByReason = new TreeMap<>();
  private final Set<String> windowKeys = new HashSet<>();
  private final Map<String, JsonNode> alertsById = new LinkedHashMap<>();
  private final Map<String, Long> watermarkByQuery = new HashMap<>();
  private final Map<String, Long> progressTimeByQuery = new HashMap<>();
  private long lateEvents;
  private final List<String> failedQueries = new ArrayList<>();
  private final Map<TopicPartition, Long> positions = new HashMap<>();
  private volatile Throwable failure;

  /**
   * @param bootstrapServers the broker
   * @param topics the run's topics
   * @param onAlert called on the watcher thread with each new (not duplicate) alert and its
   *     record's timestamp (epoch ms; the broker's append time on a {@code LogAppendTime} topic)
   */
  OutputWatcher(String bootstrapServers, Topics topics, BiConsumer<JsonNode, Long> onAlert) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    this.consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.topics = topics;
    this.onAlert = onAlert;
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : topics.outputs()) {
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  @Override
  public void run() {
    try {
      while (true) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          handle(record);
        }
        synchronized (this) {
          for (TopicPartition partition : consumer.assignment()) {
            positions.put(partition, consumer.position(partition));
          }
        }
      }
    } catch (WakeupException stopped) {
      // close() was called
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      consumer.close();
    }
  }

  private synchronized void handle(ConsumerRecord<byte[], byte[]> record) {
    String topic = record.topic();
    if (topic.equals(topics.events())) {
      if (record.value() != null) {
        eventsWritten++;
      }
    } else if (topic.equals(topics.deadLetter())) {
      Header reason = record.headers().lastHeader(LogpulseHeaders.ERRORS_REASON);
      String code = reason == null ? "unknown" : new String(reason.value(), StandardCharsets.UTF_8);
      deadLetteredByReason.merge(code, 1L, Long::sum);
    } else if (topic.equals(topics.metrics())) {
      windowKeys.add(new String(record.key(), StandardCharsets.UTF_8));
    } else if (topic.equals(topics.alerts())) {
      JsonNode alert = parse(record.value());
      String id = alert.path("alert_id").asText() + " " + alert.path("status").asText();
      if (!alertsById.containsKey(id)) {
        alertsById.put(id, alert);
        onAlert.accept(alert, record.timestamp());
      }
    } else if (topic.equals(topics.lateEvents())) {
      lateEvents++;
    } else if (topic.equals(topics.progress())) {
      JsonNode progress = parse(record.value());
      String query = progress.path("query_name").asText();
      if (progress.path("terminated").asBoolean()) {
        failedQueries.add(query + ": " + progress.path("exception").asText("stopped"));
      } else {
        if (progress.hasNonNull("watermark_ms")) {
          watermarkByQuery.merge(query, progress.get("watermark_ms").asLong(), Math::max);
        }
        if (progress.hasNonNull("timestamp")) {
          progressTimeByQuery.merge(
              query, java.time.Instant.parse(progress.get("timestamp").asText()).toEpochMilli(), Math::max);
        }
      }
    }
  }

  private JsonNode parse(byte[] value) {
    try {
      return json.readTree(value);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON on an output topic: " + e.getMessage(), e);
    }
  }

  synchronized long eventsWritten() {
    return eventsWritten;
  }

  synchronized long deadLettered() {
    return deadLetteredByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  synchronized Map<String, Long> deadLetteredByReason() {
    return new TreeMap<>(deadLetteredByReason);
  }

  synchronized int windowsEmitted() {
    return windowKeys.size();
  }

  synchronized long lateEvents() {
    return lateEvents;
  }

  /** @return the wall-clock start (epoch ms) of {@code query}'s latest reported batch; MIN_VALUE if none */
  synchronized long latestProgressTime(String query) {
    return progressTimeByQuery.getOrDefault(query, Long.MIN_VALUE);
  }

  /** @return every alert message, one per (alert_id, status) */
  synchronized List<JsonNode> alerts() {
    return new ArrayList<>(alertsById.values());
  }

  /** @return the smallest watermark (epoch ms) among {@code queries}; Long.MIN_VALUE if one has none */
  synchronized long minimumWatermark(List<String> queries) {
    long minimum = Long.MAX_VALUE;
    for (String query : queries) {
      minimum = Math.min(minimum, watermarkByQuery.getOrDefault(query, Long.MIN_VALUE));
    }
    return minimum;
  }

  /** @return what stopped the watcher thread, or null while it runs */
  Throwable failure() {
    return failure;
  }

  synchronized List<String> failedQueries() {
    return new ArrayList<>(failedQueries);
  }

  /** @return true when this watcher has read every record below {@code endOffsets} */
  synchronized boolean hasReached(Map<TopicPartition, Long> endOffsets) {
    for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
      if (positions.getOrDefault(end.getKey(), 0L) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    consumer.wakeup();
  }
}
