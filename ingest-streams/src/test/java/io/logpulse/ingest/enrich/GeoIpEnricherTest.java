package io.logpulse.ingest.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.logpulse.schemas.AccessEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real look-ups in MaxMind's test databases and DB-IP's country database under {@code
 * ../shared/data/geoip}. Expected values are copied from the databases' source JSON
 * (maxmind-test/source-data/*.json), never from this code:
 *
 * <ul>
 *   <li>GeoIP2-City-Test.json {@code ::81.2.69.142/127}: country GB "United Kingdom", city
 *       "London", registered_country US (so the country, not the registered country, is used);
 *       {@code ::89.160.20.112/124}: SE "Sweden", "Linköping"; {@code 2001:480:10::/48}: US
 *       "United States", "San Diego".
 *   <li>GeoIP2-Country-Test.json {@code ::81.2.69.142/127}: GB "United Kingdom", no city.
 *   <li>GeoLite2-ASN-Test.json {@code 1.128.0.0/11}: 1221 "Telstra Pty Ltd"; {@code
 *       12.81.96.0/19}: 7018 without organisation; {@code 2a02:8100::/27}: 31334 "Kabel
 *       Deutschland Vertrieb und Service GmbH".
 *   <li>GeoIP2-ISP-Test.json {@code ::15.0.0.0/104}: 71 "Hewlett-Packard Company"; {@code
 *       ::1.0.128.0/113}: an ISP entry without autonomous system.
 * </ul>
 */
class GeoIpEnricherTest {

  private static final Path MAXMIND = geoip().resolve("maxmind-test");
  private static final Path CITY = MAXMIND.resolve("GeoIP2-City-Test.mmdb");
  private static final Path COUNTRY = MAXMIND.resolve("GeoIP2-Country-Test.mmdb");
  private static final Path ASN = MAXMIND.resolve("GeoLite2-ASN-Test.mmdb");
  private static final Path ISP = MAXMIND.resolve("GeoIP2-ISP-Test.mmdb");
  private static final Path DBIP =
      geoip().resolve("dbip-country-lite").resolve("dbip-country-lite-2025-01.mmdb");

  private static Path geoip() {
    return Paths.get(System.getProperty("logpulse.shared.dir", "../../shared"), "data", "geoip");
  }

  private static AccessEvent lookUp(GeoIpEnricher enricher, String clientIp) {
    AccessEvent event = Events.minimal();
    event.setClientIp(clientIp);
    enricher.enrich(event);
    return event;
  }

  @Test
  void cityAndAsnDatabasesFillAllFiveFields() {
    try (GeoIpEnricher enricher = new GeoIpEnricher(CITY, ASN, 0)) {
      AccessEvent london = lookUp(enricher, "81.2.69.142");
      assertThat(london.getClientGeoCountryIsoCode()).isEqualTo("GB");
      assertThat(london.getClientGeoCountryName()).isEqualTo("United Kingdom");
      assertThat(london.getClientGeoCityName()).isEqualTo("London");

      AccessEvent linkoping = lookUp(enricher, "89.160.20.115");
      assertThat(linkoping.getClientGeoCountryIsoCode()).isEqualTo("SE");
      assertThat(linkoping.getClientGeoCityName()).isEqualTo("Linköping");

      AccessEvent sanDiego = lookUp(enricher, "2001:480:10::1");
      assertThat(sanDiego.getClientGeoCountryName()).isEqualTo("United States");
      assertThat(sanDiego.getClientGeoCityName()).isEqualTo("San Diego");

      AccessEvent telstra = lookUp(enricher, "1.128.0.1");
      assertThat(telstra.getClientAsNumber()).isEqualTo(1221L);
      assertThat(telstra.getClientAsOrganizationName()).isEqualTo("Telstra Pty Ltd");
      assertThat(telstra.getClientGeoCountryIsoCode()).isNull(); // not in the City test data

      AccessEvent att = lookUp(enricher, "12.81.96.1");
      assertThat(att.getClientAsNumber()).isEqualTo(7018L);
      assertThat(att.getClientAsOrganizationName()).isNull();

      AccessEvent kabel = lookUp(enricher, "2a02:8100::1");
      assertThat(kabel.getClientAsNumber()).isEqualTo(31334L);
      assertThat(kabel.getClientAsOrganizationName())
          .isEqualTo("Kabel Deutschland Vertrieb und Service GmbH");
    }
  }

  @Test
  void countryDatabaseGivesNoCityAndIspDatabaseGivesTheAutonomousSystem() {
    try (GeoIpEnricher enricher = new GeoIpEnricher(COUNTRY, ISP, 0)) {
      AccessEvent london = lookUp(enricher, "81.2.69.142");
      assertThat(london.getClientGeoCountryIsoCode()).isEqualTo("GB");
      assertThat(london.getClientGeoCountryName()).isEqualTo("United Kingdom");
      assertThat(london.getClientGeoCityName()).isNull();

      AccessEvent hp = lookUp(enricher, "15.1.2.3");
      assertThat(hp.getClientAsNumber()).isEqualTo(71L);
      assertThat(hp.getClientAsOrganizationName()).isEqualTo("Hewlett-Packard Company");

      AccessEvent tot = lookUp(enricher, "1.0.128.1");
      assertThat(tot.getClientAsNumber()).isNull();
      assertThat(tot.getClientAsOrganizationName()).isNull();
    }
  }

  /**
   * DB-IP's country database ({@code database_type} DBIP-Country-Lite, read with country()).
   * 8.8.8.8 is Google Public DNS, allocated by ARIN to Google LLC, US; 193.0.6.139 is the RIPE
   * NCC's web server in Amsterdam, NL; 2a00:1450:4001::/48 is Google's network announced in
   * Frankfurt, DE (all three also listed as such in dbip-country-lite/PROVENANCE.txt); 10.0.0.1 is
   * private (RFC 1918) and absent.
   */
  @Test
  void dbIpCountryLiteIsReadAsACountryDatabase() {
    try (GeoIpEnricher enricher = new GeoIpEnricher(DBIP, null, 0)) {
      AccessEvent google = lookUp(enricher, "8.8.8.8");
      assertThat(google.getClientGeoCountryIsoCode()).isEqualTo("US");
      assertThat(google.getClientGeoCountryName()).isEqualTo("United States");
      assertThat(google.getClientGeoCityName()).isNull();
      assertThat(lookUp(enricher, "193.0.6.139").getClientGeoCountryIsoCode()).isEqualTo("NL");
      assertThat(lookUp(enricher, "2a00:1450:4001:80b::200e").getClientGeoCountryIsoCode())
          .isEqualTo("DE");
      AccessEvent privateAddress = lookUp(enricher, "10.0.0.1");
      assertThat(privateAddress.getClientGeoCountryIsoCode()).isNull();
      assertThat(privateAddress.getClientGeoCountryName()).isNull();
      assertThat(privateAddress.getClientAsNumber()).isNull();
    }
  }

  @Test
  void sourceIpIsUsedWithoutClientIpAndNonAddressesAreIgnored() {
    try (GeoIpEnricher enricher = new GeoIpEnricher(CITY, null, 0)) {
      AccessEvent event = Events.minimal();
      event.setSourceIp("81.2.69.142");
      enricher.enrich(event);
      assertThat(event.getClientGeoCityName()).isEqualTo("London");

      AccessEvent clientWins = Events.minimal();
      clientWins.setSourceIp("81.2.69.142");
      clientWins.setClientIp("89.160.20.115");
      enricher.enrich(clientWins);
      assertThat(clientWins.getClientGeoCityName()).isEqualTo("Linköping");

      for (String notAnAddress : new String[] {"example.com", "1.2.3", "", "::g", "1.2.3.4.5"}) {
        AccessEvent event2 = lookUp(enricher, notAnAddress);
        assertThat(event2.getClientGeoCountryIsoCode()).as(notAnAddress).isNull();
      }
      AccessEvent neither = Events.minimal();
      enricher.enrich(neither);
      assertThat(neither.getClientGeoCountryIsoCode()).isNull();
    }
  }

  @Test
  void missingPathsAndFilesTurnTheFieldsOff(@TempDir Path directory) {
    try (GeoIpEnricher enricher = new GeoIpEnricher(directory.resolve("absent.mmdb"), null, 0)) {
      AccessEvent event = lookUp(enricher, "81.2.69.142");
      assertThat(event.getClientGeoCountryIsoCode()).isNull();
      assertThat(event.getClientAsNumber()).isNull();
    }
  }

  @Test
  void aFileThatAppearsLaterIsLoadedOnReload(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("geo.mmdb");
    try (GeoIpEnricher enricher = new GeoIpEnricher(file, null, 0)) {
      assertThat(enricher.reloadIfChanged()).isFalse();
      Files.copy(CITY, file);
      assertThat(enricher.reloadIfChanged()).isTrue();
      assertThat(lookUp(enricher, "81.2.69.142").getClientGeoCityName()).isEqualTo("London");
    }
  }

  @Test
  void corruptOrMistypedFilesFailConstructionNamingThePath(@TempDir Path directory)
      throws IOException {
    Path garbage = directory.resolve("garbage.mmdb");
    Files.write(garbage, "not a MaxMind database\n".repeat(100).getBytes(StandardCharsets.UTF_8));
    Path truncated = directory.resolve("truncated.mmdb");
    byte[] city = Files.readAllBytes(CITY);
    Files.write(truncated, Arrays.copyOf(city, city.length / 2));

    assertThatThrownBy(() -> new GeoIpEnricher(garbage, null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(garbage.toString());
    assertThatThrownBy(() -> new GeoIpEnricher(null, truncated, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(truncated.toString());
    assertThatThrownBy(() -> new GeoIpEnricher(ASN, null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ASN.toString())
        .hasMessageContaining("GeoLite2-ASN");
    assertThatThrownBy(() -> new GeoIpEnricher(CITY, COUNTRY, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(COUNTRY.toString());
  }

  @Test
  void reloadSwapsAChangedFileAndKeepsTheOldReaderWhenTheNewFileIsCorrupt(@TempDir Path directory)
      throws IOException {
    Path file = directory.resolve("geo.mmdb");
    Files.copy(CITY, file);
    try (GeoIpEnricher enricher = new GeoIpEnricher(file, null, 0)) {
      assertThat(lookUp(enricher, "81.2.69.142").getClientGeoCityName()).isEqualTo("London");
      assertThat(enricher.reloadIfChanged()).isFalse();

      replace(file, COUNTRY);
      assertThat(enricher.reloadIfChanged()).isTrue();
      AccessEvent afterSwap = lookUp(enricher, "81.2.69.142");
      assertThat(afterSwap.getClientGeoCountryIsoCode()).isEqualTo("GB");
      assertThat(afterSwap.getClientGeoCityName()).isNull(); // now a country database

      Files.write(file, "corrupt".repeat(1000).getBytes(StandardCharsets.UTF_8));
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(20)));
      assertThat(enricher.reloadIfChanged()).isFalse();
      assertThat(enricher.reloadIfChanged()).isFalse(); // the bad file is not retried
      assertThat(lookUp(enricher, "81.2.69.142").getClientGeoCountryIsoCode()).isEqualTo("GB");
      assertThat(enricher.lookupFailures()).isZero();

      replace(file, CITY);
      assertThat(enricher.reloadIfChanged()).isTrue();
      assertThat(lookUp(enricher, "81.2.69.142").getClientGeoCityName()).isEqualTo("London");
    }
  }

  @Test
  void lookUpsRunningAcrossReloadsNeverFail(@TempDir Path directory) throws Exception {
    Path file = directory.resolve("geo.mmdb");
    Files.copy(CITY, file);
    try (GeoIpEnricher enricher = new GeoIpEnricher(file, null, 0)) {
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong wrong = new AtomicLong();
      AtomicLong lookUps = new AtomicLong();
      Thread reader =
          new Thread(
              () -> {
                while (running.get()) {
                  if (!"GB".equals(lookUp(enricher, "81.2.69.142").getClientGeoCountryIsoCode())) {
                    wrong.incrementAndGet();
                  }
                  lookUps.incrementAndGet();
                }
              });
      reader.start();
      for (int swap = 0; swap < 20; swap++) {
        replace(file, swap % 2 == 0 ? COUNTRY : CITY);
        assertThat(enricher.reloadIfChanged()).isTrue();
      }
      await("look-ups ran after the last swap")
          .atMost(Duration.ofSeconds(10))
          .until(() -> lookUps.get() > 1000);
      running.set(false);
      reader.join();
      assertThat(wrong.get()).isZero();
      assertThat(enricher.lookupFailures()).isZero();
    }
  }

  @Test
  void backgroundPollPicksUpAReplacedFile(@TempDir Path directory) throws IOException {
    Path file = directory.resolve("geo.mmdb");
    Files.copy(COUNTRY, file);
    try (GeoIpEnricher enricher = new GeoIpEnricher(file, null, 20)) {
      assertThat(lookUp(enricher, "81.2.69.142").getClientGeoCityName()).isNull();
      replace(file, CITY);
      await("the City database is picked up by the reload thread")
          .atMost(Duration.ofSeconds(10))
          .until(() -> "London".equals(lookUp(enricher, "81.2.69.142").getClientGeoCityName()));
    }
  }

  @Test
  void afterCloseEnrichChangesNothingAndDoesNotThrow() {
    GeoIpEnricher enricher = new GeoIpEnricher(CITY, ASN, 0);
    enricher.close();
    AccessEvent event = lookUp(enricher, "81.2.69.142");
    assertThat(event.getClientGeoCountryIsoCode()).isNull();
  }

  /**
   * Repeated addresses are answered from the per-address cache; the answer must be what a fresh
   * enricher (empty cache) gives, for addresses with and without entries and for non-addresses.
   */
  @Test
  void cachedAnswersEqualFreshLookUps() {
    List<String> addresses =
        List.of(
            "81.2.69.142", "2.125.160.216", "1.128.0.0", "2001:218::1", "203.0.113.9", "10.0.0.1",
            "::1", "not-an-address", "8.8.8.8");
    try (GeoIpEnricher shared = new GeoIpEnricher(DBIP, ASN, 0)) {
      for (int pass = 0; pass < 3; pass++) {
        for (String address : addresses) {
          try (GeoIpEnricher fresh = new GeoIpEnricher(DBIP, ASN, 0)) {
            assertThat(geoFields(lookUp(shared, address)))
                .as(address)
                .isEqualTo(geoFields(lookUp(fresh, address)));
          }
        }
      }
      assertThat(lookUp(shared, "81.2.69.142").getClientGeoCountryIsoCode()).isEqualTo("GB");
    }
  }

  private static List<Object> geoFields(AccessEvent event) {
    List<Object> fields = new ArrayList<>();
    fields.add(event.getClientGeoCountryIsoCode());
    fields.add(event.getClientGeoCountryName());
    fields.add(event.getClientGeoCityName());
    fields.add(event.getClientAsNumber());
    fields.add(event.getClientAsOrganizationName());
    return fields;
  }

  /** Replaces a file with another's content and moves its modification time forward. */
  private static void replace(Path file, Path source) throws IOException {
    FileTime before = Files.getLastModifiedTime(file);
    Files.copy(source, file, StandardCopyOption.REPLACE_EXISTING);
    Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 10_000));
  }
}
