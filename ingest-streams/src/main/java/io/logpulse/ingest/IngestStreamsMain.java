package io.logpulse.ingest;

import io.logpulse.ingest.config.IngestConfig;
import io.logpulse.ingest.pipeline.EventPipeline;
import io.logpulse.ingest.topology.IngestTopology;
import io.logpulse.registry.AvroWireSerde;
import io.logpulse.registry.SchemaRegistryClient;
import io.logpulse.schemas.AccessEvent;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the ingest-streams service: {@code IngestStreamsMain CONFIG.properties}.
 *
 * <p>Validates the configuration, registers the {@link AccessEvent} schema under {@code
 * <events.topic>-value} (so an incompatible deployment fails before it consumes anything), then runs
 * the topology until SIGTERM/SIGINT (the JVM then exits with the signal's status, 143 or 130).
 * Exit codes otherwise: 0 when the client stopped by itself, 1 when a stream thread failed, 2 for a
 * bad command line or configuration.
 */
public final class IngestStreamsMain {

  private static final Logger LOG = LoggerFactory.getLogger(IngestStreamsMain.class);

  private IngestStreamsMain() {}

  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: IngestStreamsMain CONFIG.properties");
      System.exit(2);
    }
    IngestConfig config;
    EventPipeline pipeline;
    try {
      config = IngestConfig.fromFile(Path.of(args[0]));
      pipeline = EventPipeline.create(config.pipelineConfig());
    } catch (ConfigException e) {
      System.err.println("invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info("line pipeline: {}", pipeline.describe());
    System.exit(run(config, pipeline));
  }

  private static int run(IngestConfig config, EventPipeline pipeline) {
    SchemaRegistryClient registry = new SchemaRegistryClient(URI.create(config.schemaRegistryUrl()));
    String subject = config.eventsTopic() + "-value";
    int schemaId = registry.register(subject, AccessEvent.getClassSchema());
    LOG.info("AccessEvent schema registered under subject {} with id {}", subject, schemaId);

    Topology topology =
        IngestTopology.build(
            config, pipeline, new AvroWireSerde<>(registry, AccessEvent.getClassSchema()));
    LOG.info("topology:\n{}", topology.describe());

    CountDownLatch stopped = new CountDownLatch(1);
    AtomicBoolean failed = new AtomicBoolean();
    KafkaStreams streams = new KafkaStreams(topology, config.streamsProperties());
    streams.setUncaughtExceptionHandler(
        exception -> {
          LOG.error("stream thread failed; shutting down the client", exception);
          failed.set(true);
          return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    streams.setStateListener(
        (newState, oldState) -> {
          if (newState == KafkaStreams.State.ERROR
              || newState == KafkaStreams.State.NOT_RUNNING) {
            stopped.countDown();
          }
        });
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (streams.close(Duration.ofSeconds(30))) {
                    pipeline.close();
                  } else {
                    // Threads may still be enriching; the JVM is exiting anyway.
                    LOG.warn("Kafka Streams did not stop within 30 s; line pipeline left open");
                  }
                  registry.close();
                },
                "ingest-shutdown"));
    streams.start();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return failed.get() ? 1 : 0;
  }
}
