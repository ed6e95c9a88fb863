package io.logpulse.benchmarks;

import io.logpulse.ingest.parse.AccessLogParser;
import io.logpulse.ingest.parse.LineContext;
import io.logpulse.ingest.parse.ParseResult;
import io.logpulse.registry.AvroWireSerializer;
import io.logpulse.registry.ConfluentWireFormat;
import io.logpulse.schemas.AccessEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decomposition of {@code PipelineBenchmark.parseAndSerialize} into its parts, in nanoseconds per
 * event, over the events parsed from a corpus (cycling). Not part of the default {@code ./bench}
 * run; run it with {@code ./bench HotSpotBenchmark} (add {@code -prof gc} for bytes per event).
 *
 * <p>Benchmarks named {@code prototype...} measure code that exists only in this module.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Threads(1)
public class HotSpotBenchmark {

  /** The log file, relative to the repository root (see {@link Corpus#resolve(String)}). */
  @Param({"../shared/data/nginx-combined-ployt0/access.log"})
  public String corpus;

  private String[] lines;
  private AccessEvent[] events;
  private byte[][] bodies;
  private String[] timestamps;
  private int next;

  private AccessLogParser parser;
  private LineContext context;
  private AvroWireSerializer<AccessEvent> serializer;
  private SpecificDatumWriter<AccessEvent> writer;
  private BinaryEncoder reusedEncoder;
  private final ByteArrayOutputStream reusedOutput = new ByteArrayOutputStream(1024);
  private ReusingWireSerializer reusingSerializer;
  private CompiledWireEncoder compiledEncoder;
  private StraightLineAccessEventEncoder straightLineEncoder;

  /**
   * Parses the corpus once and builds the serializers.
   *
   * @throws IOException if the corpus cannot be read
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    parser = new AccessLogParser(PipelineBenchmark.MAX_LINE_LENGTH_CHARS);
    context =
        new LineContext(
            PipelineBenchmark.SERVICE_NAME, Instant.parse("2026-11-21T00:00:00.123Z"), false);
    List<String> parsedLines = new ArrayList<>();
    List<AccessEvent> parsedEvents = new ArrayList<>();
    for (String line : Corpus.readLines(Corpus.resolve(corpus))) {
      if (parser.parse(line, context) instanceof ParseResult.Parsed parsed) {
        parsedLines.add(line);
        parsedEvents.add(parsed.event());
      }
    }
    lines = parsedLines.toArray(new String[0]);
    events = parsedEvents.toArray(new AccessEvent[0]);
    serializer = FixedIdRegistry.warmedSerializer(events[0]);
    writer = new SpecificDatumWriter<>(AccessEvent.getClassSchema());
    reusingSerializer =
        new ReusingWireSerializer(AccessEvent.getClassSchema(), FixedIdRegistry.SCHEMA_ID);
    compiledEncoder =
        new CompiledWireEncoder(AccessEvent.getClassSchema(), FixedIdRegistry.SCHEMA_ID);
    straightLineEncoder = new StraightLineAccessEventEncoder(FixedIdRegistry.SCHEMA_ID);
    bodies = new byte[events.length][];
    for (int index = 0; index < events.length; index++) {
      byte[] framed = serializer.serialize(FixedIdRegistry.TOPIC, events[index]);
      bodies[index] = new byte[framed.length - ConfluentWireFormat.HEADER_LENGTH];
      System.arraycopy(framed, ConfluentWireFormat.HEADER_LENGTH, bodies[index], 0,
          bodies[index].length);
    }
    timestamps = new String[lines.length];
    for (int index = 0; index < lines.length; index++) {
      int open = lines[index].indexOf('[');
      timestamps[index] = lines[index].substring(open + 1, lines[index].indexOf(']', open));
    }
    next = 0;
  }

  private int nextIndex() {
    int index = next;
    next = index + 1 == events.length ? 0 : index + 1;
    return index;
  }

  /**
   * The parser alone (lines that parse only).
   *
   * @return the result
   */
  @Benchmark
  public ParseResult parse() {
    return parser.parse(lines[nextIndex()], context);
  }

  /**
   * What {@code EventFields.toEvent} does after scanning: {@code AccessEvent.newBuilder()}, 44
   * validated setters and {@code build()}, from an already parsed event's values.
   *
   * @return the new event
   */
  @Benchmark
  public AccessEvent eventViaBuilder() {
    AccessEvent e = events[nextIndex()];
    return AccessEvent.newBuilder()
        .setTimestamp(e.getTimestamp())
        .setServiceName(e.getServiceName())
        .setLogFormat(e.getLogFormat())
        .setSourceAddress(e.getSourceAddress())
        .setSourceIp(e.getSourceIp())
        .setUserName(e.getUserName())
        .setHttpRequestMethod(e.getHttpRequestMethod())
        .setUrlOriginal(e.getUrlOriginal())
        .setUrlPath(e.getUrlPath())
        .setUrlQuery(e.getUrlQuery())
        .setHttpVersion(e.getHttpVersion())
        .setHttpResponseStatusCode(e.getHttpResponseStatusCode())
        .setHttpResponseBodyBytes(e.getHttpResponseBodyBytes())
        .setHttpRequestReferrer(e.getHttpRequestReferrer())
        .setUserAgentOriginal(e.getUserAgentOriginal())
        .setEventDuration(e.getEventDuration())
        .setEventIngested(e.getEventIngested())
        .setEventOriginal(e.getEventOriginal())
        .setUrlDomain(e.getUrlDomain())
        .setHttpRoute(e.getHttpRoute())
        .setHttpRequestId(e.getHttpRequestId())
        .setHttpRequestBytes(e.getHttpRequestBytes())
        .setHttpResponseBytes(e.getHttpResponseBytes())
        .setHttpRequestHeaderXForwardedFor(e.getHttpRequestHeaderXForwardedFor())
        .setClientIp(e.getClientIp())
        .setClientGeoCountryIsoCode(e.getClientGeoCountryIsoCode())
        .setClientGeoCountryName(e.getClientGeoCountryName())
        .setClientGeoCityName(e.getClientGeoCityName())
        .setClientAsNumber(e.getClientAsNumber())
        .setClientAsOrganizationName(e.getClientAsOrganizationName())
        .setUserAgentName(e.getUserAgentName())
        .setUserAgentVersion(e.getUserAgentVersion())
        .setUserAgentOsName(e.getUserAgentOsName())
        .setUserAgentOsVersion(e.getUserAgentOsVersion())
        .setUserAgentDeviceName(e.getUserAgentDeviceName())
        .setUserAgentDeviceClass(e.getUserAgentDeviceClass())
        .setUserAgentIsBot(e.getUserAgentIsBot())
        .setUpstreamAddress(e.getUpstreamAddress())
        .setUpstreamStatus(e.getUpstreamStatus())
        .setUpstreamStatusCode(e.getUpstreamStatusCode())
        .setUpstreamResponseTime(e.getUpstreamResponseTime())
        .setUpstreamDuration(e.getUpstreamDuration())
        .setTags(new ArrayList<>(2))
        .build();
  }

  /**
   * The same event through the generated all-arguments constructor (no validation, no builder).
   *
   * @return the new event
   */
  @Benchmark
  public AccessEvent eventViaAllArgsConstructor() {
    AccessEvent e = events[nextIndex()];
    return new AccessEvent(
        e.getTimestamp(),
        e.getServiceName(),
        e.getLogFormat(),
        e.getSourceAddress(),
        e.getSourceIp(),
        e.getUserName(),
        e.getHttpRequestMethod(),
        e.getUrlOriginal(),
        e.getUrlPath(),
        e.getUrlQuery(),
        e.getHttpVersion(),
        e.getHttpResponseStatusCode(),
        e.getHttpResponseBodyBytes(),
        e.getHttpRequestReferrer(),
        e.getUserAgentOriginal(),
        e.getEventDuration(),
        e.getEventIngested(),
        e.getEventOriginal(),
        e.getUrlDomain(),
        e.getHttpRoute(),
        e.getHttpRequestId(),
        e.getHttpRequestBytes(),
        e.getHttpResponseBytes(),
        e.getHttpRequestHeaderXForwardedFor(),
        e.getClientIp(),
        e.getClientGeoCountryIsoCode(),
        e.getClientGeoCountryName(),
        e.getClientGeoCityName(),
        e.getClientAsNumber(),
        e.getClientAsOrganizationName(),
        e.getUserAgentName(),
        e.getUserAgentVersion(),
        e.getUserAgentOsName(),
        e.getUserAgentOsVersion(),
        e.getUserAgentDeviceName(),
        e.getUserAgentDeviceClass(),
        e.getUserAgentIsBot(),
        e.getUpstreamAddress(),
        e.getUpstreamStatus(),
        e.getUpstreamStatusCode(),
        e.getUpstreamResponseTime(),
        e.getUpstreamDuration(),
        new ArrayList<>(2));
  }

  /**
   * The project's serializer ({@code AvroWireSerializer.serialize}) on a parsed event.
   *
   * @return the framed bytes
   */
  @Benchmark
  public byte[] serializeProject() {
    return serializer.serialize(FixedIdRegistry.TOPIC, events[nextIndex()]);
  }

  /**
   * Avro's {@code SpecificDatumWriter} alone, into a reused encoder and buffer: the datum-writing
   * cost without the per-record allocations of the project's serializer.
   *
   * @return the encoder's buffer size after writing
   * @throws IOException never (in-memory)
   */
  @Benchmark
  public int datumWriterOnly() throws IOException {
    reusedOutput.reset();
    reusedEncoder = EncoderFactory.get().binaryEncoder(reusedOutput, reusedEncoder);
    writer.write(events[nextIndex()], reusedEncoder);
    reusedEncoder.flush();
    return reusedOutput.size();
  }

  /**
   * What the project's serializer allocates around the datum writer: a {@code
   * ByteArrayOutputStream(256)} and a new {@code BufferedBinaryEncoder} (2 KiB buffer).
   *
   * @return the new encoder
   */
  @Benchmark
  public BinaryEncoder newEncoderPerRecord() {
    return EncoderFactory.get().binaryEncoder(new ByteArrayOutputStream(256), null);
  }

  /**
   * The framing copy: {@code ConfluentWireFormat.encode} of a corpus-sized body (the serializer
   * also copies the body once before, in {@code ByteArrayOutputStream.toByteArray}).
   *
   * @return the framed bytes
   */
  @Benchmark
  public byte[] confluentFraming() {
    return ConfluentWireFormat.encode(FixedIdRegistry.SCHEMA_ID, bodies[nextIndex()]);
  }

  /**
   * UTF-8 encoding of the event's strings into new arrays, as Avro's {@code
   * BinaryEncoder.writeString(String)} does.
   *
   * @param blackhole consumes the arrays
   */
  @Benchmark
  public void utf8GetBytesOfStrings(Blackhole blackhole) {
    AccessEvent event = events[nextIndex()];
    for (int index = 0; index < AccessEvent.getClassSchema().getFields().size(); index++) {
      if (event.get(index) instanceof String text) {
        blackhole.consume(text.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * The regex baseline's match alone: {@code COMBINEDAPACHELOG} {@code matches()} on the line.
   *
   * @return whether it matched
   */
  @Benchmark
  public boolean baselineRegexMatchOnly() {
    return GrokCombinedParser.COMBINED.matcher(lines[nextIndex()]).matches();
  }

  /**
   * The regex baseline's timestamp conversion alone: {@code DateTimeFormatter} {@code
   * dd/MMM/yyyy:HH:mm:ss Z} on the line's timestamp text.
   *
   * @return the instant
   */
  @Benchmark
  public Instant baselineDateTimeFormatterOnly() {
    return OffsetDateTime.parse(timestamps[nextIndex()], GrokCombinedParser.HTTPDATE).toInstant();
  }

  /**
   * PROTOTYPE: {@link ReusingWireSerializer}.
   *
   * @return the framed bytes
   */
  @Benchmark
  public byte[] prototypeSerializeReusingBuffers() {
    return reusingSerializer.serialize(events[nextIndex()]);
  }

  /**
   * PROTOTYPE: {@link CompiledWireEncoder}.
   *
   * @return the framed bytes
   */
  @Benchmark
  public byte[] prototypeSerializeCompiledEncoder() {
    return compiledEncoder.encode(events[nextIndex()]);
  }

  /**
   * PROTOTYPE: {@link StraightLineAccessEventEncoder}.
   *
   * @return the framed bytes
   */
  @Benchmark
  public byte[] prototypeSerializeStraightLine() {
    return straightLineEncoder.encode(events[nextIndex()]);
  }
}
