package io.logpulse.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Special-purpose address checks (IANA registries), ports and X-Forwarded-For client IPs. */
class IpAddressesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0.1.2.3", "10.0.0.1", "100.64.0.1", "100.127.255.255", "127.0.0.1", "169.254.1.1",
        "172.16.0.1", "172.31.255.255", "192.0.0.8", "192.0.2.1", "192.88.99.1", "192.168.1.1",
        "198.18.0.1", "198.19.255.255", "198.51.100.7", "203.0.113.9", "224.0.0.1",
        "255.255.255.255", "::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1",
        "100::1", "2001:db8::1", "2001::1", "2002:c000:204::1", "3fff::1", "::ffff:10.0.0.1",
        "64:ff9b::a00:1", "not-an-ip", "", "1.2.3.4:80"
      })
  void notGlobal(String address) {
    assertThat(IpAddresses.isGlobal(address)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "8.8.8.8", "85.181.35.98", "100.63.255.255", "100.128.0.0", "172.32.0.1", "198.20.0.1",
        "2a02:cf40::4e36", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"
      })
  void global(String address) {
    assertThat(IpAddresses.isGlobal(address)).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1.2.3.4|1.2.3.4",
        "1.2.3.4:8080|1.2.3.4",
        "[2A02:CF40::7]:5000|2a02:cf40::7",
        "[::1]|::1",
        "2001:0db8::0001|2001:db8::1",
        "1.2.3.4:|",
        "[::1]x|",
        "host:80|",
        "unix:|"
      })
  void withoutPort(String address, String expected) {
    assertThat(IpAddresses.withoutPortOrNull(address)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.2, 10.0.0.1, 85.181.35.98|172.17.0.1|85.181.35.98",
        "unknown, [2606:4700::1111]:443, 8.8.8.8|172.17.0.1|2606:4700::1111",
        "10.0.0.2, fd00::1|172.17.0.1|172.17.0.1",
        "|10.0.0.1|10.0.0.1"
      })
  void clientIpIsTheFirstGlobalForwardedAddress(String forwarded, String source, String expected) {
    assertThat(IpAddresses.clientIp(forwarded, source)).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void upstreamTimeSumThatWouldOverflowIsNull() {
    // two entries of 9e9 s each: 1.8e19 ns does not fit a long
    org.assertj.core.api.Assertions.assertThat(UpstreamLists.sumNanos("9000000000, 9000000000"))
        .isNull();
    org.assertj.core.api.Assertions.assertThat(UpstreamLists.sumNanos("0.001, 0.002 : 0.120"))
        .isEqualTo(123_000_000L);
  }
}
