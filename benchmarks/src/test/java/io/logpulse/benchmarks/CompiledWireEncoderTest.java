package io.logpulse.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.ingest.parse.AccessLogParser;
import io.logpulse.ingest.parse.LineContext;
import io.logpulse.ingest.parse.ParseResult;
import io.logpulse.ingest.pipeline.EventPipeline;
import io.logpulse.registry.ConfluentWireFormat;
import io.logpulse.registry.AvroWireSerializer;
import io.logpulse.schemas.AccessEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The project's serializer (which reuses a per-thread encoder and buffer) must write exactly the
 * bytes of a fresh Avro encoder per record framed by {@link ConfluentWireFormat#encode}, and the
 * prototypes exactly the bytes of the project's serializer, on every line of every corpus: parsed
 * only, and parsed and enriched by the production pipeline (geo, user-agent fields set).
 */
class CompiledWireEncoderTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../shared/data/nginx-combined-ployt0",
        "../shared/data/apache-combined-elastic",
        "../shared/data/nginx-json-ployt0",
        "../shared/data/json-small-crowdsec",
        "../shared/data/messy-crowdsec",
        "../shared/data/messy-elastic-beats"
      })
  void prototypesWriteTheSameBytesAsTheProjectSerializerOnEveryParsedLine(String corpus) throws IOException {
    List<Path> files = files(corpus);
    AccessLogParser parser = new AccessLogParser(PipelineBenchmark.MAX_LINE_LENGTH_CHARS);
    LineContext context =
        new LineContext("test", Instant.parse("2026-11-21T00:00:00.123Z"), false);
    AvroWireSerializer<AccessEvent> serializer = null;
    CompiledWireEncoder compiled =
        new CompiledWireEncoder(AccessEvent.getClassSchema(), FixedIdRegistry.SCHEMA_ID);
    StraightLineAccessEventEncoder straightLine =
        new StraightLineAccessEventEncoder(FixedIdRegistry.SCHEMA_ID);
    ReusingWireSerializer reusing =
        new ReusingWireSerializer(AccessEvent.getClassSchema(), FixedIdRegistry.SCHEMA_ID);
    int compared = 0;
    for (Path file : files) {
      for (String line : Corpus.readLines(file)) {
        if (parser.parse(line, context) instanceof ParseResult.Parsed parsed) {
          AccessEvent event = parsed.event();
          if (serializer == null) {
            serializer = FixedIdRegistry.warmedSerializer(event);
          }
          event.getTags().add("tagged"); // exercise a non-empty array too
          byte[] expected = serializer.serialize(FixedIdRegistry.TOPIC, event);
          assertThat(expected).as(line).isEqualTo(freshEncoderReference(event));
          assertThat(compiled.encode(event)).as(line).isEqualTo(expected);
          assertThat(reusing.serialize(event)).as(line).isEqualTo(expected);
          assertThat(straightLine.encode(event)).as(line).isEqualTo(expected);
          compared++;
        }
      }
    }
    assertThat(compared).isPositive();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../shared/data/nginx-combined-ployt0",
        "../shared/data/apache-combined-elastic",
        "../shared/data/nginx-json-ployt0"
      })
  void enrichedEventsSerializeToTheBytesOfAFreshEncoder(String corpus) throws IOException {
    List<Path> files = files(corpus);
    Path sharedData = Corpus.resolve("../shared/data");
    Instant ingestedAt = Instant.parse("2026-11-21T00:00:00.123Z");
    AvroWireSerializer<AccessEvent> serializer = null;
    int compared = 0;
    int withGeoOrAgent = 0;
    try (EventPipeline pipeline = ProductionPipeline.create(sharedData)) {
      for (Path file : files) {
        for (String line : Corpus.readLines(file)) {
          if (pipeline.process(line.getBytes(StandardCharsets.UTF_8), "test", ingestedAt)
              instanceof ParseResult.Parsed parsed) {
            AccessEvent event = parsed.event();
            if (serializer == null) {
              serializer = FixedIdRegistry.warmedSerializer(event);
            }
            assertThat(serializer.serialize(FixedIdRegistry.TOPIC, event))
                .as(line)
                .isEqualTo(freshEncoderReference(event));
            compared++;
            if (event.getClientGeoCountryIsoCode() != null || event.getUserAgentName() != null) {
              withGeoOrAgent++;
            }
          }
        }
      }
    }
    assertThat(compared).isPositive();
    assertThat(withGeoOrAgent).isPositive();
  }

  /** What {@link AvroWireSerializer} wrote before it reused buffers: fresh encoder, then frame. */
  private static byte[] freshEncoderReference(AccessEvent event) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(256);
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
    new SpecificDatumWriter<AccessEvent>(AccessEvent.getClassSchema()).write(event, encoder);
    encoder.flush();
    return ConfluentWireFormat.encode(FixedIdRegistry.SCHEMA_ID, body.toByteArray());
  }

  private static List<Path> files(String corpus) throws IOException {
    Path path = Corpus.resolve(corpus);
    Assumptions.assumeTrue(Files.exists(path), "corpus not present: " + path);
    List<Path> files = new ArrayList<>();
    try (Stream<Path> stream = Files.walk(path)) {
      stream
          .filter(Files::isRegularFile)
          .filter(file -> !file.getFileName().toString().startsWith("PROVENANCE"))
          .sorted()
          .forEach(files::add);
    }
    return files;
  }
}
