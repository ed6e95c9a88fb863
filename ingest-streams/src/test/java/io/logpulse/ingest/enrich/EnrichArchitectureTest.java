package io.logpulse.ingest.enrich;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Enrichment is pure logic plus database files: no Kafka, no topology, no parser internals. */
class EnrichArchitectureTest {

  @Test
  void enrichmentImportsNoKafkaOrTopologyClass() {
    noClasses()
        .that()
        .resideInAPackage("io.logpulse.ingest.enrich..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..", "io.logpulse.ingest.topology..", "io.logpulse.ingest.config..")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.logpulse.ingest.enrich"));
  }
}
