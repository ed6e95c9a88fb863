package io.logpulse.analytics;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Transformers and detectors are {@code Dataset -> Dataset} functions: no Kafka class, no
 * streaming I/O (readers, writers, query management), so they run on static DataFrames in tests.
 */
class ArchitectureTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.logpulse.analytics");

  @Test
  void transformersAndDetectorsDoNoIo() {
    noClasses()
        .that()
        .resideInAnyPackage("io.logpulse.analytics.transform..", "io.logpulse.analytics.detect..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..",
            "io.logpulse.analytics.io..",
            "org.apache.spark.sql.streaming..")
        .check(MAIN);
  }

  /** Detection logic is plain Java: unit-testable without Spark, and the Spark adapter is thin. */
  @Test
  void detectorsAreFreeOfSparkAndKafka() {
    noClasses()
        .that()
        .resideInAnyPackage("io.logpulse.analytics.detect..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.spark..", "org.apache.kafka..", "scala..", "io.logpulse.analytics.stateful..")
        .check(MAIN);
  }
}
