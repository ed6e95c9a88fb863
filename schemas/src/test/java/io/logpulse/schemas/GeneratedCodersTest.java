package io.logpulse.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.avro.Schema;
import org.apache.avro.compiler.specific.SpecificCompiler;
import org.apache.avro.generic.GenericData;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.ResolvingDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.io.Encoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated {@code customEncode}/{@code customDecode} of {@link AccessEvent}, which Avro's own
 * template would not generate for a record with {@code timestamp-millis} fields ({@code
 * src/main/avro-templates/record.vm}), write and read exactly what Avro's reflective path does.
 */
class GeneratedCodersTest {

  @Test
  void accessEventHasGeneratedCoders() throws NoSuchMethodException {
    assertThat(AccessEvent.class.getDeclaredMethod("customEncode", Encoder.class)).isNotNull();
    assertThat(AccessEvent.class.getDeclaredMethod("customDecode", ResolvingDecoder.class))
        .isNotNull();
  }

  @Test
  void generatedCodersWriteAndReadTheBytesOfAvrosReflectivePath() throws IOException {
    AccessEvent event = event();
    SpecificData custom = customCoders();

    byte[] reflective = write(new SpecificDatumWriter<>(AccessEvent.getClassSchema()), event);
    byte[] generated = write(new SpecificDatumWriter<>(AccessEvent.getClassSchema(), custom), event);

    assertThat(generated).isEqualTo(reflective);
    AccessEvent read =
        new SpecificDatumReader<AccessEvent>(
                AccessEvent.getClassSchema(), AccessEvent.getClassSchema(), custom)
            .read(null, DecoderFactory.get().binaryDecoder(generated, null));
    assertThat(read).isEqualTo(event);
    assertThat(read.getTimestamp()).isEqualTo(Instant.parse("2026-11-21T10:15:30.123Z"));
    assertThat(read.getEventIngested()).isEqualTo(Instant.parse("2026-11-21T10:15:31.456Z"));
  }

  @Test
  void aNullTimestampInAUnionTooIsCodedAsAvroDoes() throws IOException {
    AccessEvent event = event();
    event.setEventIngested(null);
    byte[] reflective = write(new SpecificDatumWriter<>(AccessEvent.getClassSchema()), event);
    byte[] generated =
        write(new SpecificDatumWriter<>(AccessEvent.getClassSchema(), customCoders()), event);

    assertThat(generated).isEqualTo(reflective);
  }

  @Test
  void theTemplatesAreThoseOfTheAvroCompilerInUse() throws IOException {
    Properties compiler = new Properties();
    try (InputStream in =
        SpecificCompiler.class.getResourceAsStream(
            "/META-INF/maven/org.apache.avro/avro-compiler/pom.properties")) {
      compiler.load(in);
    }
    assertThat(compiler.getProperty("version"))
        .as("src/main/avro-templates are copies of avro-compiler 1.12.1's: copy them again")
        .isEqualTo("1.12.1");
  }

  /**
   * Other schema shapes through the same templates: the generated code compiles, and has custom
   * coders exactly where Avro's own template has them or where the only logical type is
   * timestamp-millis.
   */
  @Test
  void otherShapesCompileAndGetCodersOnlyWhenSafe(@TempDir Path dir) throws IOException {
    Map<String, Boolean> expectCoders = new LinkedHashMap<>();
    String millis = "{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}";
    String micros = "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}";
    String date = "{\"type\":\"int\",\"logicalType\":\"date\"}";
    String mapInner = record("MapInner", "{\"name\":\"m\",\"type\":{\"type\":\"map\",\"values\":\"string\"}}");
    Map<String, String> schemas = new LinkedHashMap<>();
    schemas.put("Outer", record("Outer", field("inner", mapInner)));
    expectCoders.put("Outer", true);
    expectCoders.put("MapInner", true);
    schemas.put("ThreeWay", record("ThreeWay", field("u", "[\"null\",\"string\",\"long\"]") + "," + field("t", millis)));
    expectCoders.put("ThreeWay", false);
    schemas.put("Micros", record("Micros", field("t", micros)));
    expectCoders.put("Micros", false);
    schemas.put("Dates", record("Dates", field("d", date) + "," + field("t", millis)));
    expectCoders.put("Dates", false);
    schemas.put(
        "Millis",
        record(
            "Millis",
            field("t", millis)
                + ","
                + field("o", "[\"null\"," + millis + "]")
                + ","
                + field("a", "{\"type\":\"array\",\"items\":" + millis + "}")));
    expectCoders.put("Millis", true);
    schemas.put(
        "WithMicrosInside",
        record("WithMicrosInside", field("t", millis) + "," + field("inner", record("MicrosInner", field("t", micros)))));
    expectCoders.put("WithMicrosInside", false);
    expectCoders.put("MicrosInner", false);

    Path sources = dir.resolve("src");
    for (String json : schemas.values()) {
      SpecificCompiler compiler = new SpecificCompiler(new Schema.Parser().parse(json));
      compiler.setTemplateDir(Path.of("src/main/avro-templates").toAbsolutePath() + "/");
      compiler.setStringType(GenericData.StringType.String);
      compiler.compileToDestination(null, sources.toFile());
    }
    List<Path> generated;
    try (Stream<Path> files = Files.walk(sources)) {
      generated = files.filter(file -> file.toString().endsWith(".java")).toList();
    }
    for (Map.Entry<String, Boolean> expected : expectCoders.entrySet()) {
      String source = Files.readString(sources.resolve("shapes/" + expected.getKey() + ".java"));
      assertThat(source.contains("hasCustomCoders()"))
          .as(expected.getKey())
          .isEqualTo(expected.getValue());
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> arguments = new ArrayList<>(List.of(
        "-classpath", System.getProperty("java.class.path"), "-d", dir.resolve("classes").toString()));
    generated.forEach(file -> arguments.add(file.toString()));
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    int status = javac.run(null, null, errors, arguments.toArray(new String[0]));
    assertThat(status).as(errors.toString(StandardCharsets.UTF_8)).isZero();
  }

  private static String record(String name, String fields) {
    return "{\"type\":\"record\",\"name\":\"" + name + "\",\"namespace\":\"shapes\",\"fields\":[" + fields + "]}";
  }

  private static String field(String name, String type) {
    return "{\"name\":\"" + name + "\",\"type\":" + type + "}";
  }

  private static SpecificData customCoders() {
    SpecificData model = SpecificData.getForSchema(AccessEvent.getClassSchema());
    SpecificData custom = new SpecificData(model.getClassLoader());
    model.getConversions().forEach(custom::addLogicalTypeConversion);
    custom.setCustomCoders(true);
    return custom;
  }

  private static byte[] write(SpecificDatumWriter<AccessEvent> writer, AccessEvent event)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    writer.write(event, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static AccessEvent event() {
    AccessEvent event = new AccessEvent();
    event.setTimestamp(Instant.parse("2026-11-21T10:15:30.123Z"));
    event.setServiceName("shop");
    event.setLogFormat("nginx_combined");
    event.setSourceAddress("192.0.2.1");
    event.setSourceIp("192.0.2.1");
    event.setHttpRequestMethod("GET");
    event.setUrlOriginal("/a?b=1");
    event.setHttpResponseStatusCode(200);
    event.setEventDuration(42_000_000L);
    event.setEventIngested(Instant.parse("2026-11-21T10:15:31.456Z"));
    event.setUserAgentIsBot(false);
    event.setUpstreamStatusCode(502);
    List<String> tags = new ArrayList<>(List.of("timestamp_skewed"));
    event.setTags(tags);
    return event;
  }
}
