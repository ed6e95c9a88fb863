package io.logpulse.ingest.topology;

import io.logpulse.ingest.config.IngestConfig;
import io.logpulse.ingest.pipeline.EventPipeline;
import io.logpulse.schemas.AccessEvent;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Builds the ingest topology: raw lines in, {@link AccessEvent} records and dead letters out.
 *
 * <pre>
 * raw-lines-source → parse-lines → route-dead-letter → dead-letter-sink   (raw bytes + headers)
 *                                → route-events      → events-sink        (Avro, wire format)
 * </pre>
 *
 * <p>A pure factory: it reads the configuration and returns a {@link Topology}; {@code main} wires
 * it to Kafka, tests run the same topology under {@code TopologyTestDriver}.
 */
public final class IngestTopology {

  private IngestTopology() {}

  /**
   * @param config validated service configuration (topics)
   * @param pipeline the parse and enrich pipeline, shared by every stream thread (thread-safe);
   *     the caller owns it and closes it after the Kafka Streams client
   * @param eventSerde value serde of the events topic; in production the Confluent wire-format
   *     serde backed by the schema registry
   * @return the topology; every node and branch is named
   */
  public static Topology build(
      IngestConfig config, EventPipeline pipeline, Serde<AccessEvent> eventSerde) {
    return build(config, pipeline::process, eventSerde);
  }

  /** The topology around any line pipeline: tests use one that throws on chosen lines. */
  static Topology build(IngestConfig config, LinePipeline pipeline, Serde<AccessEvent> eventSerde) {
    StreamsBuilder builder = new StreamsBuilder();

    KStream<String, IngestResult> results =
        builder.stream(
                config.inputTopic(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("raw-lines-source"))
            .process(
                () ->
                    new LineProcessor(
                        pipeline,
                        new ProcessingErrorBudget(
                            config.processingErrorsMaxRatio(), config.processingErrorsWindowLines())),
                Named.as("parse-lines"));

    Map<String, KStream<String, IngestResult>> routes =
        results
            .split(Named.as("route-"))
            .branch(
                (key, result) -> result instanceof IngestResult.Rejected,
                Branched.as("dead-letter"))
            .defaultBranch(Branched.as("events"));

    routes
        .get("route-dead-letter")
        .mapValues(result -> ((IngestResult.Rejected) result).rawLine(), Named.as("raw-bytes"))
        .to(
            config.deadLetterTopic(),
            Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letter-sink"));
    routes
        .get("route-events")
        .mapValues(IngestResult::event, Named.as("event-values"))
        .to(
            config.eventsTopic(),
            Produced.with(Serdes.String(), eventSerde).withName("events-sink"));
    return builder.build();
  }
}
