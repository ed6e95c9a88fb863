package io.logpulse.benchmarks;

import io.logpulse.ingest.parse.AccessLogParser;
import io.logpulse.ingest.parse.LineContext;
import io.logpulse.ingest.parse.ParseResult;
import io.logpulse.ingest.pipeline.EventPipeline;
import io.logpulse.registry.AvroWireSerializer;
import io.logpulse.schemas.AccessEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of the ingest hot path over a real corpus, one line per benchmark invocation, so the
 * score in ops/s is lines per second per thread (run with one thread: lines per second per core).
 *
 * <p>Each invocation takes the next line of the corpus (cycling), and consumes the outcome through
 * the {@link Blackhole}. Lines the parser rejects count as processed lines (the service
 * dead-letters them); the rejected result is consumed instead of being serialized.
 *
 * <ul>
 *   <li>{@link #parse}: {@link AccessLogParser} (format auto-detection), {@code keepOriginal}
 *       false.
 *   <li>{@link #regexBaseline}: Logstash grok {@code COMBINEDAPACHELOG} with {@link
 *       java.util.regex} plus date and number conversion into the same {@link AccessEvent} ({@link
 *       GrokCombinedParser}).
 *   <li>{@link #parseAndSerialize}: {@link #parse} then the project's {@link AvroWireSerializer}
 *       (Confluent framing, fixed schema id, no registry call: {@link FixedIdRegistry}).
 *   <li>{@link #parseEnrich}: the production {@link EventPipeline} ({@link ProductionPipeline}:
 *       UTF-8 decode of the raw line bytes, parse, the whole enrichment chain with real GeoIP and
 *       user-agent data), exactly what the service's {@code LineProcessor} calls per record.
 *   <li>{@link #parseEnrichSerialize}: {@link #parseEnrich} then {@link AvroWireSerializer}.
 *   <li>{@link #prototypeParseSerializeReusingBuffers}: PROTOTYPE, not production code: parse then
 *       {@link ReusingWireSerializer}, to measure what reusing the encoder and buffers would gain.
 *   <li>{@link #prototypeParseSerializeCompiledEncoder}: PROTOTYPE: parse then {@link
 *       CompiledWireEncoder}, a schema-compiled encoder writing the same bytes.
 *   <li>{@link #prototypeParseSerializeStraightLine}: PROTOTYPE: parse then {@link
 *       StraightLineAccessEventEncoder}, straight-line code writing the same bytes.
 * </ul>
 *
 * Not measured: decoding the Kafka record bytes into a {@link String} and the Kafka Streams
 * machinery around the processor. {@code event_ingested} is a fixed instant (the service reads the
 * stream time).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Threads(1)
public class PipelineBenchmark {

  /** The production default of {@code max.line.length.chars}. */
  static final int MAX_LINE_LENGTH_CHARS = 65_536;

  static final String SERVICE_NAME = "benchmark";

  /** The log file, relative to the repository root (see {@link Corpus#resolve(String)}). */
  @Param({
    "../shared/data/nginx-combined-ployt0/access.log",
    "../shared/data/apache-combined-elastic/apache_logs"
  })
  public String corpus;

  private String[] lines;
  private byte[][] rawLines;
  private int next;

  private AccessLogParser parser;
  private LineContext context;
  private GrokCombinedParser baseline;
  private AvroWireSerializer<AccessEvent> serializer;
  private ReusingWireSerializer reusingSerializer;
  private CompiledWireEncoder compiledEncoder;
  private StraightLineAccessEventEncoder straightLineEncoder;
  private EventPipeline pipeline;
  private Instant ingestedAt;

  /**
   * Loads the corpus, builds the production pipeline and runs every line through it and the
   * serializer once (warming the user-agent and GeoIP caches and the serializer's schema-id
   * cache).
   *
   * @throws IOException if the corpus cannot be read
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path file = Corpus.resolve(corpus);
    lines = Corpus.readLines(file);
    rawLines = new byte[lines.length][];
    for (int index = 0; index < lines.length; index++) {
      rawLines[index] = lines[index].getBytes(StandardCharsets.UTF_8);
    }
    next = 0;
    parser = new AccessLogParser(MAX_LINE_LENGTH_CHARS);
    ingestedAt = Instant.parse("2026-11-21T00:00:00.123Z");
    context = new LineContext(SERVICE_NAME, ingestedAt, false);
    baseline = new GrokCombinedParser(SERVICE_NAME);
    pipeline = ProductionPipeline.create(file.getParent().getParent());

    AccessEvent sample = null;
    for (String line : lines) {
      if (parser.parse(line, context) instanceof ParseResult.Parsed parsed) {
        sample = parsed.event();
        break;
      }
    }
    if (sample == null) {
      throw new IllegalStateException("No line of " + file + " parses");
    }
    serializer = FixedIdRegistry.warmedSerializer(sample);
    reusingSerializer =
        new ReusingWireSerializer(AccessEvent.getClassSchema(), FixedIdRegistry.SCHEMA_ID);
    compiledEncoder =
        new CompiledWireEncoder(AccessEvent.getClassSchema(), FixedIdRegistry.SCHEMA_ID);
    straightLineEncoder = new StraightLineAccessEventEncoder(FixedIdRegistry.SCHEMA_ID);

    for (byte[] rawLine : rawLines) { // warm caches: the whole corpus once
      if (pipeline.process(rawLine, SERVICE_NAME, ingestedAt) instanceof ParseResult.Parsed parsed) {
        serializer.serialize(FixedIdRegistry.TOPIC, parsed.event());
      }
    }
  }

  /** Closes the pipeline (its GeoIP readers). */
  @TearDown(Level.Trial)
  public void tearDown() {
    pipeline.close();
  }

  private int nextIndex() {
    int index = next;
    next = index + 1 == lines.length ? 0 : index + 1;
    return index;
  }

  private String nextLine() {
    return lines[nextIndex()];
  }

  private byte[] nextRawLine() {
    return rawLines[nextIndex()];
  }

  /**
   * Parses one line.
   *
   * @return the parse result
   */
  @Benchmark
  public ParseResult parse() {
    return parser.parse(nextLine(), context);
  }

  /**
   * Parses one line with the grok-equivalent regular expression.
   *
   * @return the event, or null if the line does not match
   */
  @Benchmark
  public AccessEvent regexBaseline() {
    return baseline.parse(nextLine());
  }

  /**
   * Parses one line and serializes the event in the Confluent wire format.
   *
   * @param blackhole consumes the bytes or the rejection
   */
  @Benchmark
  public void parseAndSerialize(Blackhole blackhole) {
    ParseResult result = parser.parse(nextLine(), context);
    if (result instanceof ParseResult.Parsed parsed) {
      blackhole.consume(serializer.serialize(FixedIdRegistry.TOPIC, parsed.event()));
    } else {
      blackhole.consume(result);
    }
  }

  /**
   * Decodes, parses and enriches one raw line with the production pipeline.
   *
   * @return the enriched event or the rejection
   */
  @Benchmark
  public ParseResult parseEnrich() {
    return pipeline.process(nextRawLine(), SERVICE_NAME, ingestedAt);
  }

  /**
   * Decodes, parses, enriches (production pipeline) and serializes one raw line.
   *
   * @param blackhole consumes the bytes or the rejection
   */
  @Benchmark
  public void parseEnrichSerialize(Blackhole blackhole) {
    ParseResult result = pipeline.process(nextRawLine(), SERVICE_NAME, ingestedAt);
    if (result instanceof ParseResult.Parsed parsed) {
      blackhole.consume(serializer.serialize(FixedIdRegistry.TOPIC, parsed.event()));
    } else {
      blackhole.consume(result);
    }
  }

  /**
   * PROTOTYPE: parses one line and serializes it with {@link ReusingWireSerializer} instead of
   * the project's serializer.
   *
   * @param blackhole consumes the bytes or the rejection
   */
  @Benchmark
  public void prototypeParseSerializeReusingBuffers(Blackhole blackhole) {
    ParseResult result = parser.parse(nextLine(), context);
    if (result instanceof ParseResult.Parsed parsed) {
      blackhole.consume(reusingSerializer.serialize(parsed.event()));
    } else {
      blackhole.consume(result);
    }
  }

  /**
   * PROTOTYPE: parses one line and encodes it with {@link CompiledWireEncoder} (same bytes as the
   * project's serializer).
   *
   * @param blackhole consumes the bytes or the rejection
   */
  @Benchmark
  public void prototypeParseSerializeCompiledEncoder(Blackhole blackhole) {
    ParseResult result = parser.parse(nextLine(), context);
    if (result instanceof ParseResult.Parsed parsed) {
      blackhole.consume(compiledEncoder.encode(parsed.event()));
    } else {
      blackhole.consume(result);
    }
  }

  /**
   * PROTOTYPE: parses one line and encodes it with {@link StraightLineAccessEventEncoder} (same
   * bytes as the project's serializer).
   *
   * @param blackhole consumes the bytes or the rejection
   */
  @Benchmark
  public void prototypeParseSerializeStraightLine(Blackhole blackhole) {
    ParseResult result = parser.parse(nextLine(), context);
    if (result instanceof ParseResult.Parsed parsed) {
      blackhole.consume(straightLineEncoder.encode(parsed.event()));
    } else {
      blackhole.consume(result);
    }
  }
}
