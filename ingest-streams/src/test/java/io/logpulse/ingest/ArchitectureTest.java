package io.logpulse.ingest;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Parsing is pure logic: no Kafka class, so it runs the same in the service, tests and tools. */
class ArchitectureTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.logpulse.ingest");

  @Test
  void parsingImportsNoKafkaClass() {
    noClasses()
        .that()
        .resideInAPackage("io.logpulse.ingest.parse..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..", "io.logpulse.ingest.topology..")
        .check(MAIN);
  }
}
