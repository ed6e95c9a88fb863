package io.logpulse.ingest.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpulse.ingest.config.IngestConfig;
import io.logpulse.ingest.pipeline.EventPipeline;
import io.logpulse.schemas.AccessEvent;
import io.logpulse.schemas.LogpulseHeaders;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ingest topology under {@link TopologyTestDriver}: events, dead letters, control records. */
class IngestTopologyTest {

  private static final String NGINX_LINE =
      "18.184.180.0 - - [01/Sep/2022:22:12:45 +0000] \"GET /.well-known/acme-challenge/x HTTP/1.1\""
          + " 200 87 \"-\" \"Mozilla/5.0 (compatible; Let's Encrypt validation server;"
          + " +https://www.letsencrypt.org)\"";

  /** A defect that hits every line. */
  private static final LinePipeline THROWS_ON_EVERY_LINE =
      (raw, service, at) -> {
        throw new NullPointerException("a defect");
      };

  /** One pipeline for the class: loading the user-agent parser takes seconds. */
  private static EventPipeline pipeline;

  private TopologyTestDriver driver;
  private TestInputTopic<byte[], byte[]> rawLines;
  private TestOutputTopic<String, AccessEvent> events;
  private TestOutputTopic<String, byte[]> deadLetters;

  @BeforeAll
  static void createPipeline() {
    pipeline = EventPipeline.create(config().pipelineConfig());
  }

  @AfterAll
  static void closePipeline() {
    pipeline.close();
  }

  private static IngestConfig config() {
    return config(Map.of());
  }

  private static IngestConfig config(Map<String, String> overrides) {
    Map<String, String> settings =
        new java.util.HashMap<>(
            Map.of(
                "bootstrap.servers", "kafka.invalid:9092",
                "schema.registry.url", "http://registry.invalid",
                "default.service.name", "fallback",
                "timestamp.skew.max.past.ms", "0",
                // The user-agent parser takes seconds to load; EventPipelineTest covers it.
                "user.agent.enabled", "false"));
    settings.putAll(overrides);
    return new IngestConfig(settings);
  }

  @BeforeEach
  void start() {
    IngestConfig config = config();
    driver =
        new TopologyTestDriver(
            IngestTopology.build(config, pipeline, PlainAvroSerde.create()), config.streamsProperties());
    rawLines = rawLinesOf(driver, config);
    events =
        driver.createOutputTopic(
            config.eventsTopic(),
            Serdes.String().deserializer(),
            PlainAvroSerde.create().deserializer());
    deadLetters = deadLettersOf(driver, config);
  }

  private static TestInputTopic<byte[], byte[]> rawLinesOf(TopologyTestDriver driver, IngestConfig config) {
    return driver.createInputTopic(
        config.inputTopic(), Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
  }

  private static TestOutputTopic<String, byte[]> deadLettersOf(
      TopologyTestDriver driver, IngestConfig config) {
    return driver.createOutputTopic(
        config.deadLetterTopic(), Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void close() {
    driver.close();
  }

  @Test
  void parsedLineBecomesAnEventKeyedByClient() {
    Headers headers = new RecordHeaders();
    headers.add(LogpulseHeaders.SERVICE_NAME, "blog".getBytes(StandardCharsets.UTF_8));
    rawLines.pipeInput(new TestRecord<>(null, bytes(NGINX_LINE), headers, Instant.now()));

    TestRecord<String, AccessEvent> record = events.readRecord();
    assertThat(record.key()).isEqualTo("18.184.180.0");
    AccessEvent event = record.value();
    assertThat(event.getServiceName()).isEqualTo("blog");
    assertThat(event.getTimestamp()).isEqualTo(Instant.parse("2022-09-01T22:12:45Z"));
    assertThat(event.getHttpResponseStatusCode()).isEqualTo(200);
    assertThat(event.getHttpResponseBodyBytes()).isEqualTo(87L);
    assertThat(event.getUrlPath()).isEqualTo("/.well-known/acme-challenge/x");
    assertThat(event.getEventOriginal()).isEqualTo(NGINX_LINE);
    assertThat(event.getEventIngested()).isNotNull();
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void lineWithoutServiceHeaderGetsTheDefaultServiceName() {
    rawLines.pipeInput(bytes(NGINX_LINE));
    assertThat(events.readValue().getServiceName()).isEqualTo("fallback");
  }

  @Test
  void unusableLineIsDeadLetteredWithItsExactBytesAndProvenance() {
    byte[] invalidUtf8 = {'G', 'E', 'T', ' ', (byte) 0xC3, (byte) 0x28, ' ', '/', '\n'};
    rawLines.pipeInput(bytes(NGINX_LINE));
    rawLines.pipeInput(invalidUtf8);

    TestRecord<String, byte[]> record = deadLetters.readRecord();
    assertThat(record.value()).isEqualTo(invalidUtf8);
    assertThat(header(record.headers(), LogpulseHeaders.ERRORS_TOPIC)).isEqualTo("logpulse.raw-lines");
    assertThat(header(record.headers(), LogpulseHeaders.ERRORS_PARTITION)).isEqualTo("0");
    assertThat(header(record.headers(), LogpulseHeaders.ERRORS_OFFSET)).isEqualTo("1");
    assertThat(header(record.headers(), LogpulseHeaders.ERRORS_STAGE)).isEqualTo("PARSE");
    assertThat(header(record.headers(), LogpulseHeaders.ERRORS_REASON)).isEqualTo("unknown_format");
    assertThat(header(record.headers(), LogpulseHeaders.ERRORS_MESSAGE)).isNotBlank();
    assertThat(events.getQueueSize()).isEqualTo(1);
    assertThat(deadLetterTotal(driver, "unknown_format")).containsExactly(1.0);
  }

  @Test
  void aLineWhoseProcessingThrowsIsDeadLetteredAndTheThreadGoesOn() {
    // Processing every line throws (a NullPointerException stands for a defect).
    IngestConfig config = config();
    try (TopologyTestDriver broken =
        new TopologyTestDriver(
            IngestTopology.build(config, THROWS_ON_EVERY_LINE, PlainAvroSerde.create()), config.streamsProperties())) {
      TestInputTopic<byte[], byte[]> input = rawLinesOf(broken, config);
      TestOutputTopic<String, byte[]> dead = deadLettersOf(broken, config);
      input.pipeInput(bytes(NGINX_LINE));
      input.pipeInput(bytes("second line"));

      List<TestRecord<String, byte[]>> records = dead.readRecordsToList();
      assertThat(records).extracting(TestRecord::value)
          .containsExactly(bytes(NGINX_LINE), bytes("second line"));
      for (int i = 0; i < 2; i++) {
        Headers headers = records.get(i).headers();
        assertThat(header(headers, LogpulseHeaders.ERRORS_OFFSET)).isEqualTo(Integer.toString(i));
        assertThat(header(headers, LogpulseHeaders.ERRORS_TOPIC)).isEqualTo("logpulse.raw-lines");
        assertThat(header(headers, LogpulseHeaders.ERRORS_STAGE)).isEqualTo("PROCESS");
        assertThat(header(headers, LogpulseHeaders.ERRORS_REASON)).isEqualTo("processing_error");
        assertThat(header(headers, LogpulseHeaders.ERRORS_MESSAGE)).startsWith("java.lang.NullPointerException");
      }
      assertThat(deadLetterTotal(broken, "processing_error")).containsExactly(2.0);
    }
  }

  @Test
  void whenTooManyRecentLinesThrowTheThreadStopsInsteadOfDeadLetteringThemAll() {
    // 2 of the last 4 lines may throw; the third failure in a row stops the thread.
    IngestConfig config =
        config(Map.of("processing.errors.max.ratio", "0.5", "processing.errors.window.lines", "4"));
    try (TopologyTestDriver broken =
        new TopologyTestDriver(
            IngestTopology.build(config, THROWS_ON_EVERY_LINE, PlainAvroSerde.create()), config.streamsProperties())) {
      TestInputTopic<byte[], byte[]> input = rawLinesOf(broken, config);
      TestOutputTopic<String, byte[]> dead = deadLettersOf(broken, config);
      input.pipeInput(bytes("first"));
      input.pipeInput(bytes("second"));

      assertThatThrownBy(() -> input.pipeInput(bytes("third")))
          .isInstanceOf(StreamsException.class)
          .hasStackTraceContaining("processing threw on 3 of the last 4 lines")
          .hasStackTraceContaining("processing.errors.max.ratio=0.5");
      assertThat(dead.readValuesToList()).containsExactly(bytes("first"), bytes("second"));
      assertThat(deadLetterTotal(broken, "processing_error")).containsExactly(2.0);
    }
  }

  @Test
  void linesThatSucceedFreeTheBudget() {
    // Window 4, at most 2 failures: boom, boom, ok, ok, boom leaves 2 failures in the last 4 lines.
    IngestConfig config =
        config(Map.of("processing.errors.max.ratio", "0.5", "processing.errors.window.lines", "4"));
    LinePipeline throwsOnBoom =
        (raw, service, at) -> {
          if (new String(raw, StandardCharsets.UTF_8).startsWith("boom")) {
            throw new IllegalStateException("defect on " + new String(raw, StandardCharsets.UTF_8));
          }
          return pipeline.process(raw, service, at);
        };
    try (TopologyTestDriver mixed =
        new TopologyTestDriver(
            IngestTopology.build(config, throwsOnBoom, PlainAvroSerde.create()), config.streamsProperties())) {
      TestInputTopic<byte[], byte[]> input = rawLinesOf(mixed, config);
      TestOutputTopic<String, byte[]> dead = deadLettersOf(mixed, config);
      TestOutputTopic<String, AccessEvent> out =
          mixed.createOutputTopic(
              config.eventsTopic(), Serdes.String().deserializer(), PlainAvroSerde.create().deserializer());
      for (String line : List.of("boom 1", "boom 2", NGINX_LINE, NGINX_LINE, "boom 3")) {
        input.pipeInput(bytes(line));
      }

      assertThat(out.readValuesToList()).hasSize(2);
      assertThat(dead.readValuesToList())
          .containsExactly(bytes("boom 1"), bytes("boom 2"), bytes("boom 3"));
      assertThat(deadLetterTotal(mixed, "processing_error")).containsExactly(3.0);
      // boom 2 slides out: ok, ok, boom 3, boom 4 is still within the budget ...
      input.pipeInput(bytes("boom 4"));
      assertThat(dead.readValuesToList()).containsExactly(bytes("boom 4"));
      // ... but ok, boom 3, boom 4, boom 5 is not.
      assertThatThrownBy(() -> input.pipeInput(bytes("boom 5"))).isInstanceOf(StreamsException.class);
    }
  }

  private static List<Object> deadLetterTotal(TopologyTestDriver driver, String reason) {
    return driver.metrics().keySet().stream()
        .filter(name -> name.name().equals("dead-letter-total"))
        .filter(name -> reason.equals(name.tags().get("reason")))
        .map(name -> driver.metrics().get(name).metricValue())
        .toList();
  }

  @Test
  void aFailureToWriteAnEventStopsTheThreadInsteadOfDeadLetteringTheLine() {
    // Kafka's own errors (here the events sink cannot serialize) are infrastructure: not the line's
    // fault, so they fail the thread as before rather than sending good lines to the dead letters.
    IngestConfig config = config();
    Serde<AccessEvent> failing =
        Serdes.serdeFrom(
            (topic, event) -> {
              throw new SerializationException("registry unavailable");
            },
            PlainAvroSerde.create().deserializer());
    try (TopologyTestDriver broken =
        new TopologyTestDriver(IngestTopology.build(config, pipeline, failing), config.streamsProperties())) {
      TestInputTopic<byte[], byte[]> input = rawLinesOf(broken, config);
      TestOutputTopic<String, byte[]> dead = deadLettersOf(broken, config);

      assertThatThrownBy(() -> input.pipeInput(bytes(NGINX_LINE))).isInstanceOf(StreamsException.class);
      assertThat(dead.isEmpty()).isTrue();
    }
  }

  @Test
  void controlRecordPassesThroughWithNullValueAndItsHeaders() {
    Headers headers = new RecordHeaders();
    headers.add(LogpulseHeaders.CONTROL, bytes(LogpulseHeaders.CONTROL_WATERMARK));
    headers.add(LogpulseHeaders.WATERMARK_MS, bytes("1662070000000"));
    rawLines.pipeInput(new TestRecord<>(null, null, headers, Instant.now()));

    TestRecord<String, AccessEvent> record = events.readRecord();
    assertThat(record.value()).isNull();
    assertThat(header(record.headers(), LogpulseHeaders.WATERMARK_MS)).isEqualTo("1662070000000");
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  /** Every line of every access log in ../shared/data comes out as an event or a dead letter. */
  @Test
  void everyCorpusLineIsParsedOrDeadLetteredWithAReason() throws IOException {
    Path data =
        Path.of(System.getProperty("logpulse.shared.dir", "../../shared")).resolve("data");
    assertThat(data).isDirectory();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(data)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(p -> !p.startsWith(data.resolve("geoip")))
              .filter(p -> !p.getFileName().toString().matches("PROVENANCE.txt|README.md"))
              .sorted()
              .toList();
    }
    assertThat(files).hasSizeGreaterThan(90);
    long lines = 0;
    for (Path file : files) {
      for (byte[] line : splitLines(Files.readAllBytes(file))) {
        rawLines.pipeInput(line);
        lines++;
      }
    }
    long parsed = events.readValuesToList().size();
    List<TestRecord<String, byte[]>> rejected = deadLetters.readRecordsToList();
    assertThat(parsed + rejected.size()).isEqualTo(lines);
    assertThat(rejected)
        .allSatisfy(r -> assertThat(header(r.headers(), LogpulseHeaders.ERRORS_REASON)).isNotBlank());
    // The two big corpora parse completely but for the one truncated Apache line (see CorpusParseTest)
    assertThat(parsed).isGreaterThan(16_912 * 2 + 9_999);
  }

  private static List<byte[]> splitLines(byte[] content) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= content.length; i++) {
      if (i == content.length || content[i] == '\n') {
        if (i > start || i < content.length) {
          lines.add(Arrays.copyOfRange(content, start, i));
        }
        start = i + 1;
      }
    }
    return lines;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String header(Headers headers, String key) {
    Header header = headers.lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
