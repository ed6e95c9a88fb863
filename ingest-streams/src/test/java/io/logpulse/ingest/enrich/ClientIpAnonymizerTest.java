package io.logpulse.ingest.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.schemas.AccessEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClientIpAnonymizerTest {

  private final ClientIpAnonymizer anonymizer = new ClientIpAnonymizer();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "203.0.113.77                | 203.0.113.0",
        "203.0.113.0                 | 203.0.113.0",
        "255.255.255.255             | 255.255.255.0",
        "2001:db8:1:2::5             | 2001:db8:1::",
        "2001:0DB8:0001:ffff:1:2:3:4 | 2001:db8:1::",
        "2001:db8::                  | 2001:db8::",
        "::1                         | ::",
        "fe80::1%eth0                | null",
        "::ffff:198.51.100.23        | ::ffff:198.51.100.0",
        "2a00:1450:4001:80b::200e    | 2a00:1450:4001::",
        "1:2:3:4:5:6:7:8             | 1:2:3::",
        "example.com                 | null",
        "010.1.1.1                   | null",
        "1.2.3                       | null",
        "1::2::3                     | null",
        "1:2:3:4:5:6:7:8:9           | null",
        "::ffff:1.2.3.4.5            | null",
        "-                           | null",
        "null                        | null",
      })
  void truncatesToSlash24AndSlash48InCanonicalForm(String address, String truncated) {
    assertThat(ClientIpAnonymizer.truncateOrNull(address)).isEqualTo(truncated);
  }

  @Test
  void rewritesAddressesAndTagsTheEvent() {
    AccessEvent event = Events.minimal();
    event.setSourceAddress("198.51.100.23");
    event.setSourceIp("198.51.100.23");
    event.setClientIp("2001:db8:aa:bb::1");
    event.setHttpRequestHeaderXForwardedFor(
        "2001:db8:aa:bb::1, unknown, 203.0.113.9:51000, [2001:db8:cc::7]:443, 10.1.2.3");

    anonymizer.enrich(event);

    assertThat(event.getSourceAddress()).isEqualTo("198.51.100.0");
    assertThat(event.getSourceIp()).isEqualTo("198.51.100.0");
    assertThat(event.getClientIp()).isEqualTo("2001:db8:aa::");
    assertThat(event.getHttpRequestHeaderXForwardedFor())
        .isEqualTo("2001:db8:aa::, 203.0.113.0, 2001:db8:cc::, 10.1.2.0");
    assertThat(event.getTags()).containsExactly(ClientIpAnonymizer.TAG);
  }

  @Test
  void hostNamesAndPlaceholdersInSourceAddressAreLeftAsLogged() {
    for (String address : List.of("crawler-66-249-66-1.googlebot.com", "unix:", "-")) {
      AccessEvent event = Events.minimal();
      event.setSourceAddress(address);
      anonymizer.enrich(event);
      assertThat(event.getSourceAddress()).isEqualTo(address);
      assertThat(event.getSourceIp()).isNull();
      assertThat(event.getTags()).containsExactly(ClientIpAnonymizer.TAG);
    }
  }

  @Test
  void forwardedForWithoutAnyAddressBecomesNullAndTheTagIsAddedOnce() {
    AccessEvent event = Events.minimal();
    event.setHttpRequestHeaderXForwardedFor("unknown, _hidden");
    event.setTags(List.of("timestamp_skewed")); // an immutable list is copied, not failed on

    anonymizer.enrich(event);
    anonymizer.enrich(event);

    assertThat(event.getHttpRequestHeaderXForwardedFor()).isNull();
    assertThat(event.getTags()).containsExactly("timestamp_skewed", ClientIpAnonymizer.TAG);
  }

  @Test
  void clientFieldsWithPortsOrListsAreTruncatedToo() {
    assertThat(ClientIpAnonymizer.truncateAddress("203.0.113.77:51234")).isEqualTo("203.0.113.0");
    assertThat(ClientIpAnonymizer.truncateAddress("[2001:db8:1:2::5]:443"))
        .isEqualTo("2001:db8:1::");
    assertThat(ClientIpAnonymizer.truncateAddress("198.51.100.7, 10.0.0.1"))
        .isEqualTo("198.51.100.0, 10.0.0.0");
    assertThat(ClientIpAnonymizer.truncateAddress("monitoring-server"))
        .isEqualTo("monitoring-server");
  }
}
