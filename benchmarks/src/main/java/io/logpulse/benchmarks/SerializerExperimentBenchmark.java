package io.logpulse.benchmarks;

import io.logpulse.benchmarks.experiment.AccessEventWithoutLogicalTypes;
import io.logpulse.ingest.parse.ParseResult;
import io.logpulse.ingest.pipeline.EventPipeline;
import io.logpulse.registry.AvroWireSerializer;
import io.logpulse.schemas.AccessEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * EXPERIMENT (question 6 of issue 3): serialization alone, over the events of a corpus already
 * parsed and enriched by the production pipeline, so that only the encoders differ.
 *
 * <ul>
 *   <li>{@link #projectSerializer}: the project's {@link AvroWireSerializer} ({@link
 *       SpecificDatumWriter}, reflective per-field path, as {@link AccessEvent} has no customEncode).
 *   <li>{@link #avroCustomCoders}: Avro's own generated {@code customEncode}, which Avro 1.12.1's
 *       compiler emits only for records without logical types: the same events as {@link
 *       AccessEventWithoutLogicalTypes} (timestamps as plain {@code long}, identical binary
 *       encoding), written by a {@link SpecificDatumWriter} whose {@link SpecificData} has custom
 *       coders on ({@code org.apache.avro.specific.use_custom_coders} is false by default), into a
 *       reused encoder, framed like the project serializer. Setup checks the bytes are identical.
 *   <li>{@link #straightLinePrototype}: {@link StraightLineAccessEventEncoder}.
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Threads(1)
public class SerializerExperimentBenchmark {

  @Param({"../shared/data/nginx-combined-ployt0/access.log"})
  public String corpus;

  private AccessEvent[] events;
  private AccessEventWithoutLogicalTypes[] plainEvents;
  private int next;
  private AvroWireSerializer<AccessEvent> serializer;
  private SpecificDatumWriter<AccessEventWithoutLogicalTypes> customCoderWriter;
  private ByteArrayOutputStream customCoderBuffer;
  private BinaryEncoder customCoderEncoder;
  private StraightLineAccessEventEncoder straightLine;

  /**
   * Parses and enriches the corpus, converts the events and checks that every encoder writes the
   * project serializer's bytes.
   *
   * @throws IOException if the corpus cannot be read
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path file = Corpus.resolve(corpus);
    Instant ingestedAt = Instant.parse("2026-11-21T00:00:00.123Z");
    List<AccessEvent> parsed = new ArrayList<>();
    try (EventPipeline pipeline = ProductionPipeline.create(file.getParent().getParent())) {
      for (String line : Corpus.readLines(file)) {
        if (pipeline.process(line.getBytes(StandardCharsets.UTF_8), "benchmark", ingestedAt)
            instanceof ParseResult.Parsed result) {
          parsed.add(result.event());
        }
      }
    }
    events = parsed.toArray(new AccessEvent[0]);
    plainEvents = new AccessEventWithoutLogicalTypes[events.length];
    for (int index = 0; index < events.length; index++) {
      plainEvents[index] = withoutLogicalTypes(events[index]);
    }
    serializer = FixedIdRegistry.warmedSerializer(events[0]);
    SpecificData model = new SpecificData();
    model.setCustomCoders(true);
    customCoderWriter =
        new SpecificDatumWriter<>(AccessEventWithoutLogicalTypes.getClassSchema(), model);
    customCoderBuffer = new ByteArrayOutputStream(1024);
    straightLine = new StraightLineAccessEventEncoder(FixedIdRegistry.SCHEMA_ID);
    for (int index = 0; index < events.length; index++) {
      byte[] expected = serializer.serialize(FixedIdRegistry.TOPIC, events[index]);
      byte[] custom = customCoders(plainEvents[index]);
      if (!Arrays.equals(expected, custom)
          || !Arrays.equals(expected, straightLine.encode(events[index]))) {
        throw new IllegalStateException("encoders disagree on event " + index);
      }
    }
    next = 0;
  }

  private static AccessEventWithoutLogicalTypes withoutLogicalTypes(AccessEvent event) {
    AccessEventWithoutLogicalTypes plain = new AccessEventWithoutLogicalTypes();
    for (int field = 0; field < AccessEvent.getClassSchema().getFields().size(); field++) {
      Object value = event.get(field);
      plain.put(field, value instanceof Instant instant ? instant.toEpochMilli() : value);
    }
    return plain;
  }

  private byte[] customCoders(AccessEventWithoutLogicalTypes event) {
    customCoderBuffer.reset();
    customCoderBuffer.write(0);
    customCoderBuffer.write(FixedIdRegistry.SCHEMA_ID >>> 24);
    customCoderBuffer.write(FixedIdRegistry.SCHEMA_ID >>> 16);
    customCoderBuffer.write(FixedIdRegistry.SCHEMA_ID >>> 8);
    customCoderBuffer.write(FixedIdRegistry.SCHEMA_ID);
    customCoderEncoder = EncoderFactory.get().binaryEncoder(customCoderBuffer, customCoderEncoder);
    try {
      customCoderWriter.write(event, customCoderEncoder);
      customCoderEncoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return customCoderBuffer.toByteArray();
  }

  private int nextIndex() {
    int index = next;
    next = index + 1 == events.length ? 0 : index + 1;
    return index;
  }

  /**
   * The project's serializer.
   *
   * @return the framed bytes
   */
  @Benchmark
  public byte[] projectSerializer() {
    return serializer.serialize(FixedIdRegistry.TOPIC, events[nextIndex()]);
  }

  /**
   * Avro's generated customEncode on the logical-type-free copy.
   *
   * @return the framed bytes
   */
  @Benchmark
  public byte[] avroCustomCoders() {
    return customCoders(plainEvents[nextIndex()]);
  }

  /**
   * The straight-line prototype.
   *
   * @return the framed bytes
   */
  @Benchmark
  public byte[] straightLinePrototype() {
    return straightLine.encode(events[nextIndex()]);
  }
}
