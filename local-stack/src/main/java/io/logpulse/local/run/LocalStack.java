package io.logpulse.local.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.logpulse.ingest.config.PipelineConfig;
import io.logpulse.ingest.parse.AccessLogParser;
import io.logpulse.local.kafka.LocalKafkaBroker;
import io.logpulse.local.registry.LocalSchemaRegistry;
import io.logpulse.local.replay.LogFiles;
import io.logpulse.local.replay.LogReplayer;
import io.logpulse.local.replay.ReplayLine;
import io.logpulse.local.replay.ReplayPace;
import io.logpulse.local.replay.SyntheticTraffic;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The whole pipeline on one machine: an in-process KRaft broker and schema registry, ingest-streams
 * and spark-analytics as separate JVMs, and a replay of log files.
 *
 * <p>How a replay ends without fake traffic: once every replayed line is accounted for (events plus
 * dead letters equals lines read), a watermark control record is sent through the raw-lines topic
 * with time {@code last event time + window + watermark delay}. ingest-streams forwards it;
 * spark-analytics lets it advance the watermark and drops it before any aggregation, so the last
 * windows close and are emitted while no metric counts it. The run is drained when every query
 * reports that watermark on the progress topic and the output topics have been read to their end.
 */
public final class LocalStack implements AutoCloseable {

  /** JVM options Spark 3.5 needs on Java 17 (from {@code org.apache.spark.launcher.JavaModuleOptions}). */
  public static final List<String> SPARK_JVM_OPTIONS =
      List.of(
          "-XX:+IgnoreUnrecognizedVMOptions",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "-Djdk.reflect.useDirectMethodHandle=false");

  static final List<String> ANALYTICS_QUERIES =
      List.of("service-window-metrics", "client-window-metrics", "detectors");
  private static final String DETECTION_QUERY = "detectors";
  /** How often the detection query visits idle state here: the replay's last windows close within it. */
  private static final long IDLE_CHECK_INTERVAL_MS = 1_000;
  private static final long DEFAULT_WINDOW_MS = 60_000;
  private static final long DEFAULT_WATERMARK_DELAY_MS = 120_000;

  private final RunOptions options;
  private final PrintStream console;
  private final Topics topics = Topics.DEFAULT;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Path workDir;
  private final boolean temporaryWorkDir;
  private final long startNanos = System.nanoTime();
  private Writer alertsOut;
  private final RunObserver observer;
  private final ReplayPace pace;
  private final AtomicReference<Throwable> replayFailure = new AtomicReference<>();

  private LocalStack(
      RunOptions options, PrintStream console, RunObserver observer, ReplayPace pace)
      throws IOException {
    this.options = options;
    this.console = console;
    this.observer = observer;
    this.pace = pace;
    this.temporaryWorkDir = options.workDir() == null;
    this.workDir =
        temporaryWorkDir ? Files.createTempDirectory("logpulse-") : options.workDir();
    Files.createDirectories(workDir);
    try (Stream<Path> entries = Files.list(workDir)) {
      if (entries.findAny().isPresent()) {
        throw new IllegalArgumentException(
            "--work-dir " + workDir + " is not empty: each run starts a new broker and needs an"
                + " empty directory");
      }
    }
  }

  /**
   * Runs the stack. With {@code exitWhenDrained} it returns once the pipeline has drained;
   * otherwise it keeps running until the thread is interrupted (Ctrl-C closes the stack).
   *
   * @return the run's accounting
   * @throws IllegalStateException when a service dies or the pipeline does not drain in time
   * @throws CancellationException when the stack is stopped (SIGINT/SIGTERM) before the end
   * @throws Exception when the broker, registry or a service cannot start
   */
  public static RunSummary run(RunOptions options, PrintStream console) throws Exception {
    return run(options, console, RunObserver.NONE, ReplayPace.constant(options.speed()));
  }

  /**
   * Runs the stack as {@link #run(RunOptions, PrintStream)} does, but replays at {@code pace}
   * instead of {@code options.speed()} and tells {@code observer} when each line and each alert is
   * on its topic. Before a paced stretch that follows lines sent at full speed, the replay waits
   * until ingest-streams has accounted for every line sent and the detection query has run a
   * micro-batch started after that.
   */
  public static RunSummary run(
      RunOptions options, PrintStream console, RunObserver observer, ReplayPace pace)
      throws Exception {
    try (LocalStack stack = new LocalStack(options, console, observer, pace)) {
      Thread hook = new Thread(stack::close, "logpulse-local-stack-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        return stack.runToEnd();
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: it closes the stack
        }
      }
    }
  }

  private RunSummary runToEnd() throws Exception {
    List<ReplayLine> lines = loadInputs();
    if (options.summaryFile() != null) {
      createParentDirectories(options.summaryFile());
    }
    if (options.alertsOut() != null) {
      createParentDirectories(options.alertsOut());
      alertsOut = Files.newBufferedWriter(options.alertsOut(), StandardCharsets.UTF_8);
    }
    console.printf("logpulse: %d lines to replay; work dir %s%n", lines.size(), workDir);

    LocalKafkaBroker broker =
        register(LocalKafkaBroker.start(workDir.resolve("kafka"), options.kafkaPort()));
    LocalSchemaRegistry registry = register(LocalSchemaRegistry.start(options.registryPort()));
    String bootstrap = broker.bootstrapServers();
    console.printf(
        "logpulse: Kafka at %s, schema registry at %s%n", bootstrap, registry.url());
    createTopics(bootstrap);

    ServiceProcess ingest =
        register(
            ServiceProcess.start(
                options.home(),
                "ingest-streams",
                "io.logpulse.ingest.IngestStreamsMain",
                List.of("-Xmx512m"),
                writeConfig("ingest-streams.properties", ingestSettings(bootstrap, registry)),
                workDir.resolve("ingest-streams.log")));
    List<String> sparkJvm = new ArrayList<>(SPARK_JVM_OPTIONS);
    sparkJvm.add("-Xmx1536m");
    ServiceProcess analytics =
        register(
            ServiceProcess.start(
                options.home(),
                "spark-analytics",
                "io.logpulse.analytics.SparkAnalyticsMain",
                sparkJvm,
                writeConfig("spark-analytics.properties", analyticsSettings(bootstrap, registry)),
                workDir.resolve("spark-analytics.log")));
    List<ServiceProcess> services = List.of(ingest, analytics);
    console.printf("logpulse: service logs in %s%n", workDir);


    OutputWatcher watcher = register(new OutputWatcher(bootstrap, topics, this::onAlert));
    Thread watcherThread = new Thread(watcher, "logpulse-output-watcher");
    watcherThread.setDaemon(true);
    watcherThread.start();

    KafkaProducer<byte[], byte[]> producer = register(rawLinesProducer(bootstrap));
    LogReplayer replayer =
        new LogReplayer(
            producer,
            topics.rawLines(),
            pace,
            linesSent -> awaitCaughtUp(linesSent, watcher, services),
            observer);
    Thread replay =
        new Thread(
            () -> {
              try {
                replayer.replay(lines);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                replayFailure.set(e);
              }
            },
            "logpulse-replay");
    replay.setDaemon(true);
    replay.start();

    long deadline = System.nanoTime() + options.drainTimeout().toNanos();
    ProgressLine progress = new ProgressLine(console, replayer, watcher, lines.size());
    awaitCondition(
        "all lines replayed and accounted for",
        () -> !replay.isAlive() && watcher.eventsWritten() + watcher.deadLettered() >= lines.size(),
        deadline,
        services,
        watcher,
        progress);

    long windowMs = setting(options.analyticsSettings(), "window.duration.ms", DEFAULT_WINDOW_MS);
    long delayMs =
        setting(options.analyticsSettings(), "watermark.delay.ms", DEFAULT_WATERMARK_DELAY_MS);
    long lastEventTime =
        lines.stream().mapToLong(ReplayLine::eventTimeMillis).max().orElse(System.currentTimeMillis());
    long flushTime = lastEventTime + windowMs + delayMs;
    replayer.sendWatermark(flushTime);
    awaitCondition(
        "last windows closed (watermark " + (flushTime - delayMs) + ")",
        () -> watcher.minimumWatermark(ANALYTICS_QUERIES) >= flushTime - delayMs,
        deadline,
        services,
        watcher,
        progress);
    // The detection query closes an entity's windows when it visits the entity: at once for
    // entities with events, within the idle-check interval for the others. Wait for a batch that
    // started after every entity was visited with the final watermark.
    long idleCheckMs =
        setting(options.analyticsSettings(), "detector.idle.check.interval.ms", IDLE_CHECK_INTERVAL_MS);
    long visitedAfter = System.currentTimeMillis() + 2 * idleCheckMs;
    awaitCondition(
        "idle detection state visited with the last watermark",
        () -> watcher.latestProgressTime(DETECTION_QUERY) >= visitedAfter,
        deadline,
        services,
        watcher,
        progress);
    Map<TopicPartition, Long> ends = endOffsets(bootstrap);
    awaitCondition(
        "output topics read to the end", () -> watcher.hasReached(ends), deadline, services,
        watcher, progress);
    progress.print();

    RunSummary summary = summary(lines.size(), watcher, true);
    report(summary);
    if (!options.exitWhenDrained()) {
      console.println("logpulse: drained; still running, Ctrl-C to stop");
      while (true) {
        checkServices(services, watcher);
        progress.printIfDue();
        Thread.sleep(1_000);
      }
    }
    return summary;
  }

  private List<ReplayLine> loadInputs() throws IOException {
    if (options.inputs().isEmpty()) {
      console.println(
          "logpulse: no --input given: replaying the built-in 20-minute sample of "
              + SyntheticTraffic.SERVICE_NAME + " traffic (one request burst, one error spike)");
      return SyntheticTraffic.lines(42);
    }
    // Order lines by the time the ingest service will read from them: same format settings.
    Map<String, String> formatSettings = new LinkedHashMap<>(options.ingestSettings());
    formatSettings.put(PipelineConfig.MAX_LINE_LENGTH_CHARS, Integer.toString(1 << 20));
    AccessLogParser parser =
        new AccessLogParser(1 << 20, new PipelineConfig(formatSettings).lineFormat());
    List<List<ReplayLine>> inputs = new ArrayList<>();
    for (Path input : options.inputs()) {
      String service =
          options.serviceName() != null ? options.serviceName() : LogFiles.serviceNameOf(input);
      inputs.add(LogFiles.read(input, service, parser));
    }
    return LogFiles.merge(inputs);
  }

  private Map<String, String> ingestSettings(String bootstrap, LocalSchemaRegistry registry) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("bootstrap.servers", bootstrap);
    settings.put("schema.registry.url", registry.url().toString());
    settings.put("input.topic", topics.rawLines());
    settings.put("events.topic", topics.events());
    settings.put("dead.letter.topic", topics.deadLetter());
    settings.put("streams.state.dir", workDir.resolve("streams-state").toString());
    settings.put("streams.commit.interval.ms", "100");
    // A replay of old logs: event times far in the past are expected, not skew.
    settings.put(PipelineConfig.TIMESTAMP_SKEW_MAX_PAST_MS, "0");
    settings.putAll(options.ingestSettings());
    return settings;
  }

  private Map<String, String> analyticsSettings(String bootstrap, LocalSchemaRegistry registry) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("bootstrap.servers", bootstrap);
    settings.put("schema.registry.url", registry.url().toString());
    settings.put("checkpoint.location", workDir.resolve("spark-checkpoints").toUri().toString());
    settings.put("events.topic", topics.events());
    settings.put("metrics.topic", topics.metrics());
    settings.put("alerts.topic", topics.alerts());
    settings.put("late.events.topic", topics.lateEvents());
    settings.put("dead.letter.topic", topics.analyticsDeadLetter());
    settings.put("system.health.topic", topics.systemHealth());
    settings.put("client.metrics.topic", topics.clientMetrics());
    settings.put("progress.topic", topics.progress());
    settings.put("detector.idle.check.interval.ms", Long.toString(IDLE_CHECK_INTERVAL_MS));
    // A replay is judged when it has drained: window metrics every second, not every 10 s.
    settings.put("trigger.interval.ms", "1000");
    settings.putAll(ServiceProcess.LOCAL_SPARK_SETTINGS);
    settings.put("spark.sql.streaming.noDataMicroBatches.enabled", "true");
    settings.putAll(options.analyticsSettings());
    return settings;
  }

  private Path writeConfig(String fileName, Map<String, String> settings) throws IOException {
    return ServiceProcess.writeConfig(
        workDir.resolve(fileName), settings, "written by the logpulse local stack");
  }

  private void createTopics(String bootstrap) throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<NewTopic> newTopics = new ArrayList<>();
      for (String topic : topics.all()) {
        NewTopic newTopic = new NewTopic(topic, 1, (short) 1);
        if (topic.equals(topics.rawLines()) || topic.equals(topics.alerts())) {
          // Both ends of the line-to-alert time on the broker's clock (RunObserver).
          newTopic.configs(
              Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));
        }
        newTopics.add(newTopic);
      }
      admin.createTopics(newTopics).all().get();
    }
  }

  private Map<TopicPartition, Long> endOffsets(String bootstrap)
      throws InterruptedException, ExecutionException {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      for (String topic : topics.outputs()) {
        request.put(new TopicPartition(topic, 0), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin
          .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
          .all()
          .get()
          .forEach((partition, info) -> ends.put(partition, info.offset()));
      return ends;
    }
  }

  private static KafkaProducer<byte[], byte[]> rawLinesProducer(String bootstrap) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    properties.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(LocalKafkaBroker.MAX_MESSAGE_BYTES));
    return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private void awaitCondition(
      String description,
      BooleanSupplier condition,
      long deadlineNanos,
      List<ServiceProcess> services,
      OutputWatcher watcher,
      ProgressLine progress)
      throws InterruptedException {
    while (!condition.getAsBoolean()) {
      checkServices(services, watcher);
      if (System.nanoTime() > deadlineNanos) {
        if (progress != null) {
          progress.print();
        }
        throw new IllegalStateException(
            "timed out after " + options.drainTimeout() + " waiting for: " + description);
      }
      if (progress != null) {
        progress.printIfDue();
      }
      Thread.sleep(100);
    }
  }

  private void checkServices(List<ServiceProcess> services, OutputWatcher watcher) {
    if (closed.get()) {
      throw new CancellationException("the local stack was stopped");
    }
    for (ServiceProcess service : services) {
      if (!service.isAlive()) {
        throw new IllegalStateException(
            service.name() + " exited with code " + service.exitCode() + "; last log lines of "
                + service.logFile() + ":\n" + service.logTail(40));
      }
    }
    Throwable failure = replayFailure.get() != null ? replayFailure.get() : watcher.failure();
    if (failure != null) {
      throw new IllegalStateException("the replay or output watcher failed: " + failure, failure);
    }
    List<String> failed = watcher.failedQueries();
    if (!failed.isEmpty()) {
      throw new IllegalStateException("spark-analytics queries stopped: " + failed);
    }
  }

  /**
   * Waits until ingest-streams has accounted for {@code linesSent} lines and the detection query
   * has reported a micro-batch started after that (so it read all their events).
   *
   * @throws IllegalStateException when that takes longer than the drain timeout or a service died
   */
  private void awaitCaughtUp(long linesSent, OutputWatcher watcher, List<ServiceProcess> services)
      throws InterruptedException {
    long deadline = System.nanoTime() + options.drainTimeout().toNanos();
    awaitCondition(
        "ingest-streams to account for " + linesSent + " lines before a paced stretch",
        () -> watcher.eventsWritten() + watcher.deadLettered() >= linesSent,
        deadline,
        services,
        watcher,
        null);
    long after = System.currentTimeMillis();
    awaitCondition(
        "a detection micro-batch over every event before a paced stretch",
        () -> watcher.latestProgressTime(DETECTION_QUERY) >= after,
        deadline,
        services,
        watcher,
        null);
  }

  private synchronized void onAlert(JsonNode alert, long appendTimeMs) {
    observer.alertAppended(alert, appendTimeMs);
    boolean resolved = "resolved".equals(alert.path("status").asText());
    console.printf(
        "%s [%s] %s %s=%s window %s: %s%n",
        resolved ? "RESOLVED" : "ALERT",
        alert.path("severity").asText(),
        alert.path("rule").asText(),
        alert.path("entity").path("type").asText(),
        alert.path("entity").path("value").asText(),
        alert.path("window").path("start").asText(),
        alert.path("summary").asText());
    if (alertsOut != null) {
      try {
        alertsOut.write(alert.toString());
        alertsOut.write('\n');
        alertsOut.flush();
      } catch (IOException e) {
        throw new IllegalStateException("cannot write --alerts-out: " + e.getMessage(), e);
      }
    }
  }

  private RunSummary summary(long linesRead, OutputWatcher watcher, boolean drained) {
    Map<String, Long> byRule = new TreeMap<>();
    java.util.Set<String> incidents = new java.util.HashSet<>();
    long resolved = 0;
    for (JsonNode alert : watcher.alerts()) {
      if (incidents.add(alert.path("alert_id").asText())) {
        byRule.merge(alert.path("rule").asText(), 1L, Long::sum);
      }
      if ("resolved".equals(alert.path("status").asText())) {
        resolved++;
      }
    }
    return new RunSummary(
        linesRead,
        watcher.eventsWritten(),
        watcher.deadLettered(),
        watcher.deadLetteredByReason(),
        watcher.windowsEmitted(),
        byRule.values().stream().mapToLong(Long::longValue).sum(),
        byRule,
        resolved,
        watcher.lateEvents(),
        drained,
        (System.nanoTime() - startNanos) / 1_000_000);
  }

  private void report(RunSummary summary) throws IOException {
    console.println("logpulse: summary");
    console.println(summary.toJson());
    if (options.summaryFile() != null) {
      Files.writeString(options.summaryFile(), summary.toJson() + "\n", StandardCharsets.UTF_8);
    }
  }

  private static void createParentDirectories(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }

  private static long setting(Map<String, String> settings, String key, long defaultValue) {
    String value = settings.get(key);
    return value == null ? defaultValue : Long.parseLong(value.trim());
  }

  /** Keeps {@code resource} for {@link #close()}; closes it at once if the stack is stopping. */
  private synchronized <T extends AutoCloseable> T register(T resource) throws Exception {
    if (closed.get()) {
      resource.close();
      throw new CancellationException("the local stack was stopped");
    }
    resources.add(resource);
    return resource;
  }

  /** Stops the services, then the registry and broker, and deletes a temporary work dir. */
  @Override
  public synchronized void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        console.println("logpulse: error while stopping: " + e);
      }
    }
    if (alertsOut != null) {
      try {
        alertsOut.close();
      } catch (IOException e) {
        console.println("logpulse: cannot close --alerts-out: " + e.getMessage());
      }
    }
    if (temporaryWorkDir) {
      deleteRecursively(workDir);
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary directory
    }
  }
}
