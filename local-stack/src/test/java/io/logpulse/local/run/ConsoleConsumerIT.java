package io.logpulse.local.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpulse.schemas.LogpulseHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts topic read by Kafka's own console consumer ({@code kafka-tools}), run as a separate
 * process exactly as an operator would, against a running local stack replaying the built-in
 * sample: every line it prints must be a complete alert.
 */
class ConsoleConsumerIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  @Test
  void consoleConsumerPrintsValidJsonAlerts() throws Exception {
    int kafkaPort = freePort();
    Path alertsFile = temp.resolve("alerts.jsonl");
    RunOptions options =
        new RunOptions(
            PipelineIT.HOME,
            List.of(),
            null,
            Double.POSITIVE_INFINITY,
            false,
            null,
            alertsFile,
            kafkaPort,
            0,
            temp.resolve("work"),
            Map.of(),
            Map.of(),
            Duration.ofMinutes(5));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Thread stack =
        new Thread(
            () -> {
              try {
                LocalStack.run(options, console);
              } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                failure.set(e);
              }
            },
            "local-stack");
    stack.start();
    try {
      // The sample's two incidents: the burst of POST /wp-login.php from one address (a request
      // burst and a brute force) and the error spike; each fires once and resolves once.
      await("the sample's 6 alert messages on the alerts topic")
          .atMost(Duration.ofMinutes(4))
          .until(() -> failure.get() != null || countLines(alertsFile) >= 6);
      assertThat(failure.get()).isNull();

      List<JsonNode> alerts = consume(kafkaPort, "logpulse.alerts", 6);
      assertThat(alerts).hasSize(6);
      for (JsonNode alert : alerts) {
        assertThat(alert.fieldNames())
            .toIterable()
            .contains(
                "alert_id", "rule", "severity", "entity", "window", "observed_value",
                "threshold", "summary");
        assertThat(alert.get("alert_id").asText())
            .startsWith(alert.get("rule").asText() + "/" + alert.path("entity").path("type").asText());
        assertThat(alert.get("severity").asText()).isIn("warning", "critical");
        JsonContracts.assertValid(JsonContracts.ALERT, alert);
      }
      assertThat(alerts)
          .extracting(alert -> alert.get("status").asText() + " " + alert.get("alert_id").asText())
          .containsExactlyInAnyOrder(
              "firing client_request_burst/source.ip=203.0.113.77/2026-01-15T12:06:00Z",
              "resolved client_request_burst/source.ip=203.0.113.77/2026-01-15T12:06:00Z",
              "firing client_brute_force/source.ip=203.0.113.77/2026-01-15T12:06:00Z",
              "resolved client_brute_force/source.ip=203.0.113.77/2026-01-15T12:06:00Z",
              "firing service_error_rate_spike/service.name=demo-shop/2026-01-15T12:13:00Z",
              "resolved service_error_rate_spike/service.name=demo-shop/2026-01-15T12:13:00Z");

      // The sample spans 20 minutes of one service: 20 window-metrics records.
      List<JsonNode> metrics = consume(kafkaPort, "logpulse.window-metrics", 20);
      assertThat(metrics).hasSize(20);
      metrics.forEach(window -> JsonContracts.assertValid(JsonContracts.WINDOW_METRICS, window));
      assertThat(metrics.stream().mapToLong(window -> window.get("request_count").asLong()).sum())
          .as("every event of the sample counted once")
          .isEqualTo(2950);

      // System health: one record per minute, all services together; the error-spike minutes
      // (60 % of the 80 browser requests answered 502/503) are unhealthy.
      List<JsonNode> health = consume(kafkaPort, "logpulse.system-health", 20);
      assertThat(health).hasSize(20);
      health.forEach(window -> JsonContracts.assertValid(JsonContracts.SYSTEM_HEALTH, window));
      assertThat(health.stream().mapToLong(window -> window.get("request_count").asLong()).sum())
          .isEqualTo(2950);
      assertThat(health)
          .filteredOn(window -> window.get("window").get("start").asText().startsWith("2026-01-15T12:13"))
          .singleElement()
          .satisfies(window -> assertThat(window.get("health_band").asText()).isEqualTo("unhealthy"));

      // Client metrics (5-minute windows per address and user): the first 20 records are complete.
      List<JsonNode> clients = consume(kafkaPort, "logpulse.client-metrics", 20);
      clients.forEach(window -> JsonContracts.assertValid(JsonContracts.CLIENT_METRICS, window));

      // A record on the events topic that is not an AccessEvent: spark-analytics writes it to its
      // dead-letter topic with the reason and keeps running.
      byte[] poison = "GET / HTTP/1.1 (not Avro)".getBytes(StandardCharsets.UTF_8);
      long poisonOffset = produce(kafkaPort, "logpulse.access-events", poison);
      ConsumerRecord<byte[], byte[]> deadLetter = firstRecord(kafkaPort, "logpulse.analytics-dead-letter");
      assertThat(deadLetter.value()).isEqualTo(poison);
      assertThat(header(deadLetter, LogpulseHeaders.ERRORS_REASON)).isEqualTo("bad_magic_byte");
      assertThat(header(deadLetter, LogpulseHeaders.ERRORS_STAGE)).isEqualTo("DECODE");
      assertThat(header(deadLetter, LogpulseHeaders.ERRORS_TOPIC)).isEqualTo("logpulse.access-events");
      assertThat(header(deadLetter, LogpulseHeaders.ERRORS_OFFSET)).isEqualTo(Long.toString(poisonOffset));
      assertThat(header(deadLetter, LogpulseHeaders.ERRORS_MESSAGE)).contains("wire format");
      assertThat(failure.get()).as("the stack keeps running").isNull();
      assertThat(stack.isAlive()).isTrue();
    } finally {
      stack.interrupt();
      stack.join(Duration.ofMinutes(1).toMillis());
    }
    assertThat(stack.isAlive()).as("the stack stops on interrupt").isFalse();
  }

  /** Runs Kafka's console consumer as its own process, as an operator would. */
  private static List<JsonNode> consume(int kafkaPort, String topic, int count) throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "org.apache.kafka.tools.consumer.ConsoleConsumer",
            "--bootstrap-server",
            "127.0.0.1:" + kafkaPort,
            "--topic",
            topic,
            "--from-beginning",
            "--max-messages",
            Integer.toString(count),
            "--timeout-ms",
            "60000");
    Process consumer =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String output = new String(consumer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(consumer.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(consumer.exitValue()).isZero();
    List<JsonNode> documents = new ArrayList<>();
    for (String line : output.split("\n")) {
      if (!line.isBlank()) {
        documents.add(JSON.readTree(line));
      }
    }
    return documents;
  }

  private static long produce(int kafkaPort, String topic, byte[] value) throws Exception {
    Map<String, Object> settings =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>(topic, value)).get().offset();
    }
  }

  private static ConsumerRecord<byte[], byte[]> firstRecord(int kafkaPort, String topic) {
    Map<String, Object> settings =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort,
            ConsumerConfig.GROUP_ID_CONFIG, "console-consumer-it",
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
      await("a record on " + topic)
          .atMost(Duration.ofMinutes(1))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return !records.isEmpty();
              });
      return records.get(0);
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
    Header header = record.headers().lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static long countLines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file).size() : 0;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
