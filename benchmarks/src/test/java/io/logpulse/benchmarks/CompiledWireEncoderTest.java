package io.logpulse.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.ingest.parse.AccessLogParser;
import io.logpulse.ingest.parse.LineContext;
import io.logpulse.ingest.parse.ParseResult;
import io.logpulse.registry.AvroWireSerializer;
import io.logpulse.schemas.AccessEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The prototypes must write exactly the bytes the project's serializer writes. */
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
          assertThat(compiled.encode(event)).as(line).isEqualTo(expected);
          assertThat(reusing.serialize(event)).as(line).isEqualTo(expected);
          assertThat(straightLine.encode(event)).as(line).isEqualTo(expected);
          compared++;
        }
      }
    }
    assertThat(compared).isPositive();
  }
}
