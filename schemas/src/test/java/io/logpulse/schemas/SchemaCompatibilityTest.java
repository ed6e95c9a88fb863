package io.logpulse.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * The current {@code AccessEvent} schema must read every released version kept in {@code
 * src/test/resources/avro-history/} (BACKWARD_TRANSITIVE, the registry's rule for the events
 * subject), so a new consumer can read an old topic, and each released version must read every
 * version before it. Release a schema change by adding its file there as {@code
 * AccessEvent.vN.avsc}.
 */
class SchemaCompatibilityTest {

  private static final Path HISTORY = Path.of("src/test/resources/avro-history");

  /** Released versions in version order (v2 before v10). */
  private static List<Path> released() throws IOException {
    try (Stream<Path> files = Files.list(HISTORY)) {
      return files
          .filter(p -> p.getFileName().toString().matches("AccessEvent\\.v[0-9]+\\.avsc"))
          .sorted(Comparator.comparingInt(SchemaCompatibilityTest::versionOf))
          .toList();
    }
  }

  private static int versionOf(Path file) {
    String name = file.getFileName().toString();
    return Integer.parseInt(name.substring("AccessEvent.v".length(), name.length() - ".avsc".length()));
  }

  @Test
  void everyReleasedVersionReadsTheVersionsBeforeIt() throws IOException {
    List<Path> released = released();
    assertThat(released).hasSizeGreaterThanOrEqualTo(2);
    for (int reader = 1; reader < released.size(); reader++) {
      Schema readerSchema = new Schema.Parser().parse(released.get(reader).toFile());
      for (int writer = 0; writer < reader; writer++) {
        Schema writerSchema = new Schema.Parser().parse(released.get(writer).toFile());
        assertThat(
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema)
                    .getType())
            .as("%s reads %s", released.get(reader).getFileName(), released.get(writer).getFileName())
            .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      }
    }
  }

  @Test
  void fieldsAddedAfterTheFirstVersionHaveDefaults() throws IOException {
    Schema first = new Schema.Parser().parse(released().get(0).toFile());
    for (Schema.Field field : AccessEvent.getClassSchema().getFields()) {
      if (first.getField(field.name()) == null) {
        assertThat(field.hasDefaultValue()).as("default of added field %s", field.name()).isTrue();
      }
    }
  }

  @Test
  void currentSchemaReadsEveryReleasedVersion() throws IOException {
    Schema current = AccessEvent.getClassSchema();
    List<Path> released = released();
    assertThat(released).isNotEmpty();
    for (Path version : released) {
      Schema writer = new Schema.Parser().parse(version.toFile());
      assertThat(
              SchemaCompatibility.checkReaderWriterCompatibility(current, writer).getType())
          .as("current AccessEvent reads %s", version.getFileName())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }

  @Test
  void everyFieldIsDocumentedAndEveryOptionalFieldDefaultsToNull() throws IOException {
    Schema schema;
    try (InputStream in = getClass().getResourceAsStream("/avro/AccessEvent.avsc")) {
      schema = new Schema.Parser().parse(in);
    }
    assertThat(schema.getDoc()).isNotBlank();
    for (Schema.Field field : schema.getFields()) {
      assertThat(field.doc()).as("doc of %s", field.name()).isNotBlank();
      if (field.schema().isUnion()) {
        assertThat(field.schema().getTypes().get(0).getType()).isEqualTo(Schema.Type.NULL);
        assertThat(field.hasDefaultValue()).as("default of %s", field.name()).isTrue();
      }
    }
  }

  @Test
  void addingARequiredFieldWouldBeCaught() {
    Schema current = AccessEvent.getClassSchema();
    String breaking =
        current.toString().replace(
            "\"fields\":[", "\"fields\":[{\"name\":\"tenant\",\"type\":\"string\"},");
    Schema reader = new Schema.Parser().parse(breaking);
    assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, current).getType())
        .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
  }
}
