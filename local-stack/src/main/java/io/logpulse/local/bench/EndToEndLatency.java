package io.logpulse.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpulse.local.kafka.LocalKafkaBroker;
import io.logpulse.local.registry.LocalSchemaRegistry;
import io.logpulse.local.run.LocalStack;
import io.logpulse.local.run.ServiceProcess;
import io.logpulse.local.run.Topics;
import io.logpulse.schemas.LogpulseHeaders;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Detection latency of the whole pipeline: from the log line that crosses a detector threshold
 * being appended to the raw-lines topic, to its alert being appended to the alerts topic.
 *
 * <p>Both topics use {@code message.timestamp.type=LogAppendTime}, so both ends are the broker's
 * clock. The incidents are brute force ({@code client_brute_force}, 20 POSTs to {@code
 * /wp-login.php} by default): each from a new address in its own /24 of 198.18.0.0/15 (RFC 2544),
 * all 20 lines with the same second so they share a window; the 20th line is the one that crosses
 * the threshold.
 *
 * <p>Phases, with ingest-streams and spark-analytics as separate JVMs: readiness (one incident
 * until its alert arrives, which also warms the JIT); maximum sustained load (a backlog of
 * background lines sent as fast as possible, then one incident: lines over the time until that
 * alert has arrived and every query has read the events topic up to where it ended then, from the
 * {@code end_offsets} of the progress records, so the window queries must keep up too); then
 * background lines paced at half that rate with one incident per second, whose latencies are the
 * result. Background lines are the corpus's lines with their {@code [time]}
 * replaced by the current time.
 */
final class EndToEndLatency {

  static final int BRUTE_FORCE_LINES = 20;
  private static final String RULE = "client_brute_force";
  private static final String DETECTORS_QUERY = "detectors";
  private static final Duration ALERT_TIMEOUT = Duration.ofSeconds(120);
  private static final DateTimeFormatter CLF_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final Topics TOPICS = Topics.DEFAULT;

  /**
   * @param backlogLines background lines sent at once to find the maximum sustained load
   * @param seconds how long the half-load phase runs (one incident per second)
   * @param analyticsSettings spark-analytics settings that replace its defaults
   * @param sparkJvmOptions extra options of the spark-analytics JVMs (a profiler, GC settings)
   * @param metricsNiceness -1 to run every query in one spark-analytics JVM; else the detectors
   *     query runs in a JVM of its own and the three others in a second JVM started at this {@code
   *     nice} level (0 to 19)
   */
  record Options(
      Path home, List<String> backgroundLines, long backlogLines, int seconds,
      Map<String, String> analyticsSettings, Path workDir, List<String> sparkJvmOptions,
      int metricsNiceness) {

    boolean splitDetectors() {
      return metricsNiceness >= 0;
    }
  }

  /**
   * @param maxLinesPerSecond lines per second the pipeline drained from the backlog
   * @param loadLinesPerSecond the background rate of the measured phase (half the maximum)
   * @param incidents incidents sent in the measured phase
   * @param latenciesMs per detected incident, alert append time minus crossing-line append time
   */
  record Result(
      double maxLinesPerSecond,
      double loadLinesPerSecond,
      int incidents,
      List<Long> latenciesMs,
      Map<String, String> analyticsSettings,
      int metricsNiceness) {

    long percentile(double quantile) {
      List<Long> sorted = latenciesMs.stream().sorted().toList();
      if (sorted.isEmpty()) {
        return -1;
      }
      int index = (int) Math.ceil(quantile * sorted.size()) - 1;
      return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    String summary() {
      return String.format(
          Locale.ROOT,
          "end to end (raw line appended -> alert appended, broker clock), spark-analytics %s%s:%n"
              + "  maximum sustained load %.0f lines/s; measured at %.0f lines/s for %d incidents,"
              + " %d detected%n"
              + "  latency p50 %d ms, p90 %d ms, p99 %d ms, max %d ms (target p99 <= 1000 ms: %s)%n",
          analyticsSettings.isEmpty() ? "defaults" : "defaults and " + analyticsSettings,
          metricsNiceness < 0
              ? ", all queries in one JVM"
              : ", detectors in a JVM of their own, the other queries in a second at nice "
                  + metricsNiceness,
          maxLinesPerSecond, loadLinesPerSecond, incidents, latenciesMs.size(),
          percentile(0.5), percentile(0.9), percentile(0.99), percentile(1.0),
          latenciesMs.size() == incidents && percentile(0.99) <= 1000 ? "met" : "missed");
    }
  }

  private final Options options;
  private final PrintStream console;
  private final Map<String, Long> alertAppendTimes = new ConcurrentHashMap<>();
  private final QueryProgress progress = new QueryProgress(TOPICS.events());
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();
  private int nextIncident;
  private long lineIndex;

  private EndToEndLatency(Options options, PrintStream console) {
    this.options = options;
    this.console = console;
  }

  static Result run(Options options, PrintStream console) throws Exception {
    return new EndToEndLatency(options, console).measure();
  }

  private Result measure() throws Exception {
    Path dir = options.workDir();
    Files.createDirectories(dir);
    AtomicBoolean stopped = new AtomicBoolean();
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir.resolve("kafka"), 0);
        LocalSchemaRegistry registry = LocalSchemaRegistry.start(0)) {
      String bootstrap = broker.bootstrapServers();
      createTopics(bootstrap);
      List<String> sparkJvm = new ArrayList<>(LocalStack.SPARK_JVM_OPTIONS);
      sparkJvm.add("-Xmx2g");
      sparkJvm.addAll(options.sparkJvmOptions());
      try (ServiceProcess ingest =
              ServiceProcess.start(
                  options.home(), "ingest-streams", "io.logpulse.ingest.IngestStreamsMain",
                  List.of("-Xmx1g"),
                  writeConfig("ingest-streams.properties", ingestSettings(bootstrap, registry)),
                  dir.resolve("ingest-streams.log"));
          ServiceProcess analytics =
              startAnalytics(
                  sparkJvm,
                  options.splitDetectors() ? List.of(DETECTORS_QUERY) : QueryProgress.QUERIES,
                  "spark-analytics",
                  0,
                  bootstrap,
                  registry);
          ServiceProcess metrics =
              options.splitDetectors()
                  ? startAnalytics(
                      sparkJvm,
                      QueryProgress.QUERIES.stream()
                          .filter(query -> !query.equals(DETECTORS_QUERY))
                          .toList(),
                      "spark-analytics-metrics",
                      options.metricsNiceness(),
                      bootstrap,
                      registry)
                  : null;
          KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
        Thread watcher = new Thread(() -> watchAlerts(bootstrap, stopped), "logpulse-bench-alerts");
        watcher.setDaemon(true);
        watcher.start();
        List<ServiceProcess> services =
            metrics == null ? List.of(ingest, analytics) : List.of(ingest, analytics, metrics);

        console.println("bench-spark e2e: waiting for the first alert (services starting)");
        String ready = sendIncident(producer);
        awaitAlert(ready, services);

        console.printf(
            "bench-spark e2e: sending a backlog of %d lines to find the maximum sustained load%n",
            options.backlogLines());
        long backlogStart = System.currentTimeMillis();
        for (long i = 0; i < options.backlogLines(); i++) {
          sendBackground(producer);
        }
        String marker = sendIncident(producer);
        long alertAt = awaitAlert(marker, services);
        long drainedAt = awaitQueriesReached(QueryProgress.eventsEndOffsets(bootstrap, TOPICS.events()), alertAt, services);
        double maxRate =
            (options.backlogLines() + BRUTE_FORCE_LINES) * 1000.0 / (drainedAt - backlogStart);
        double rate = maxRate / 2;
        console.printf(
            "bench-spark e2e: drained in %.1f s, %.0f lines/s; now %d s at %.0f lines/s with one"
                + " incident a second%n",
            (drainedAt - backlogStart) / 1000.0, maxRate, options.seconds(), rate);

        Map<String, Long> crossingTimes = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long sent = 0;
        int incidents = 0;
        while (true) {
          long elapsedNanos = System.nanoTime() - start;
          if (elapsedNanos >= options.seconds() * 1_000_000_000L) {
            break;
          }
          long due = (long) (rate * elapsedNanos / 1e9);
          for (; sent < due; sent++) {
            sendBackground(producer);
          }
          if (elapsedNanos >= incidents * 1_000_000_000L) {
            String address = sendIncident(producer, crossingTimes);
            incidents++;
            console.printf("  incident %d from %s%n", incidents, address);
          }
          Thread.sleep(5);
        }
        producer.flush();
        long deadline = System.currentTimeMillis() + ALERT_TIMEOUT.toMillis();
        while (System.currentTimeMillis() < deadline
            && !alertAppendTimes.keySet().containsAll(crossingTimes.keySet())) {
          checkAlive(services);
          Thread.sleep(200);
        }
        List<Long> latencies = new ArrayList<>();
        crossingTimes.forEach(
            (address, crossing) -> {
              Long alert = alertAppendTimes.get(address);
              if (alert != null) {
                latencies.add(alert - crossing);
              }
            });
        return new Result(
            maxRate, rate, incidents, latencies, options.analyticsSettings(),
            options.metricsNiceness());
      } finally {
        stopped.set(true);
      }
    }
  }

  private void sendBackground(KafkaProducer<byte[], byte[]> producer) {
    String line = options.backgroundLines().get((int) (lineIndex++ % options.backgroundLines().size()));
    int open = line.indexOf('[');
    int close = line.indexOf(']', open + 1);
    String now = CLF_TIME.format(Instant.now());
    send(producer, line.substring(0, open + 1) + now + line.substring(close), null);
  }

  private String sendIncident(KafkaProducer<byte[], byte[]> producer) {
    return sendIncident(producer, null);
  }

  /** @return the incident's client address */
  private String sendIncident(
      KafkaProducer<byte[], byte[]> producer, Map<String, Long> crossingTimes) {
    int incident = nextIncident++;
    String address = "198." + (18 + incident / 256 % 2) + "." + (incident % 256) + ".7";
    String line =
        address + " - - [" + CLF_TIME.format(Instant.now())
            + "] \"POST /wp-login.php HTTP/1.1\" 200 1203 \"-\" \"python-requests/2.31.0\"";
    for (int i = 1; i < BRUTE_FORCE_LINES; i++) {
      send(producer, line, null);
    }
    send(producer, line, crossingTimes == null ? null : append -> crossingTimes.put(address, append));
    return address;
  }

  private void send(
      KafkaProducer<byte[], byte[]> producer,
      String line,
      java.util.function.LongConsumer onAppended) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(LogpulseHeaders.SERVICE_NAME, "web".getBytes(StandardCharsets.UTF_8));
    producer.send(
        new ProducerRecord<>(
            TOPICS.rawLines(), (Integer) null, (byte[]) null, line.getBytes(StandardCharsets.ISO_8859_1), headers),
        (metadata, exception) -> {
          if (exception != null) {
            sendFailure.compareAndSet(null, exception);
          } else if (onAppended != null) {
            onAppended.accept(metadata.timestamp());
          }
        });
    if (sendFailure.get() != null) {
      throw new IllegalStateException("a line could not be sent", sendFailure.get());
    }
  }

  /** @return the alert's append time */
  private long awaitAlert(String address, List<ServiceProcess> services)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + ALERT_TIMEOUT.toMillis() * 3;
    while (System.currentTimeMillis() < deadline) {
      Long appended = alertAppendTimes.get(address);
      if (appended != null) {
        return appended;
      }
      checkAlive(services);
      Thread.sleep(50);
    }
    throw new IllegalStateException(
        "no " + RULE + " alert for " + address + " within " + ALERT_TIMEOUT.multipliedBy(3)
            + "; service logs in " + options.workDir());
  }

  /**
   * @return when the last query finished the batch that read the events topic up to {@code
   *     offsets} (at least {@code notBefore})
   */
  private long awaitQueriesReached(
      Map<Integer, Long> offsets, long notBefore, List<ServiceProcess> services)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + ALERT_TIMEOUT.toMillis() * 3;
    while (System.currentTimeMillis() < deadline) {
      OptionalLong reached = progress.allReached(offsets);
      if (reached.isPresent()) {
        return Math.max(notBefore, reached.getAsLong());
      }
      checkAlive(services);
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "the queries did not all read the backlog within " + ALERT_TIMEOUT.multipliedBy(3)
            + "; progress on " + TOPICS.progress() + ", service logs in " + options.workDir());
  }

  private void checkAlive(List<ServiceProcess> services) {
    for (ServiceProcess service : services) {
      if (!service.isAlive()) {
        throw new IllegalStateException(
            service.name() + " exited with " + service.exitCode() + "; its log ends:\n"
                + service.logTail(30));
      }
    }
  }

  private void watchAlerts(String bootstrap, AtomicBoolean stopped) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    ObjectMapper json = new ObjectMapper();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition alerts = new TopicPartition(TOPICS.alerts(), 0);
      TopicPartition queryProgress = new TopicPartition(TOPICS.progress(), 0);
      consumer.assign(List.of(alerts, queryProgress));
      consumer.seekToBeginning(List.of(alerts, queryProgress));
      while (!stopped.get()) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          JsonNode value = json.readTree(record.value());
          if (record.topic().equals(TOPICS.progress())) {
            progress.record(value);
            continue;
          }
          if (RULE.equals(value.path("rule").asText())
              && "firing".equals(value.path("status").asText())) {
            alertAppendTimes.putIfAbsent(value.path("entity").path("value").asText(), record.timestamp());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      if (!stopped.get()) {
        console.println("bench-spark e2e: alert watcher failed: " + e);
      }
    }
  }

  private Map<String, String> ingestSettings(String bootstrap, LocalSchemaRegistry registry) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("bootstrap.servers", bootstrap);
    settings.put("schema.registry.url", registry.url().toString());
    settings.put("input.topic", TOPICS.rawLines());
    settings.put("events.topic", TOPICS.events());
    settings.put("dead.letter.topic", TOPICS.deadLetter());
    settings.put("streams.state.dir", options.workDir().resolve("streams-state").toString());
    settings.put("streams.commit.interval.ms", "100");
    return settings;
  }

  /**
   * Starts a spark-analytics JVM running {@code queries}; all share one checkpoint root, each
   * query its own directory under it.
   */
  private ServiceProcess startAnalytics(
      List<String> sparkJvm,
      List<String> queries,
      String name,
      int niceness,
      String bootstrap,
      LocalSchemaRegistry registry)
      throws IOException {
    Map<String, String> settings = analyticsSettings(bootstrap, registry);
    settings.put("queries", String.join(",", queries));
    return ServiceProcess.start(
        options.home(),
        "spark-analytics",
        "io.logpulse.analytics.SparkAnalyticsMain",
        sparkJvm.stream().map(option -> ServiceProcess.recordingPerJvm(option, name)).toList(),
        List.of(writeConfig(name + ".properties", settings).toString()),
        options.workDir().resolve(name + ".log"),
        niceness);
  }

  private Map<String, String> analyticsSettings(String bootstrap, LocalSchemaRegistry registry) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("bootstrap.servers", bootstrap);
    settings.put("schema.registry.url", registry.url().toString());
    settings.put(
        "checkpoint.location", options.workDir().resolve("spark-checkpoints").toUri().toString());
    settings.put("events.topic", TOPICS.events());
    settings.put("metrics.topic", TOPICS.metrics());
    settings.put("alerts.topic", TOPICS.alerts());
    settings.put("late.events.topic", TOPICS.lateEvents());
    settings.put("dead.letter.topic", TOPICS.analyticsDeadLetter());
    settings.put("system.health.topic", TOPICS.systemHealth());
    settings.put("client.metrics.topic", TOPICS.clientMetrics());
    settings.put("progress.topic", TOPICS.progress());
    settings.putAll(ServiceProcess.LOCAL_SPARK_SETTINGS);
    settings.putAll(options.analyticsSettings());
    return settings;
  }

  private Path writeConfig(String fileName, Map<String, String> settings) throws IOException {
    return ServiceProcess.writeConfig(
        options.workDir().resolve(fileName), settings, "written by logpulse bench-spark --e2e");
  }

  private static void createTopics(String bootstrap)
      throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<String, String> appendTime =
          Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");
      List<NewTopic> topics = new ArrayList<>();
      for (String topic : TOPICS.all()) {
        NewTopic newTopic = new NewTopic(topic, 1, (short) 1);
        if (topic.equals(TOPICS.rawLines()) || topic.equals(TOPICS.alerts())) {
          newTopic.configs(appendTime);
        }
        topics.add(newTopic);
      }
      admin.createTopics(topics).all().get();
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "1");
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    properties.put(
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return new KafkaProducer<>(properties);
  }

  /** @return the lines that have a {@code [time]} to replace, as text */
  static List<String> backgroundLines(List<byte[]> lines) {
    List<String> usable = new ArrayList<>();
    for (byte[] bytes : lines) {
      String line = new String(bytes, StandardCharsets.ISO_8859_1);
      int open = line.indexOf('[');
      if (open >= 0 && line.indexOf(']', open + 1) > open) {
        usable.add(line);
      }
    }
    if (usable.isEmpty()) {
      throw new IllegalArgumentException(
          "no corpus line has a [time] field to replace (the end-to-end run needs CLF-style lines)");
    }
    return usable;
  }
}
