package io.logpulse.analytics.detect;

import static io.logpulse.analytics.detect.EngineHarness.MINUTE;
import static io.logpulse.analytics.detect.EngineHarness.T0;
import static io.logpulse.analytics.detect.EngineHarness.ordinary;
import static io.logpulse.analytics.detect.EngineHarness.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The detectors over hand-built traffic, micro-batch by micro-batch. The expected alerts are worked
 * out from the scenario and the rules' documented conditions, not read back from the code.
 */
class DetectionEngineTest {

  private static final long DELAY = 2 * MINUTE;

  private static DetectorSettings settings() {
    DetectorSettings settings = new DetectorSettings();
    settings.cooldownMsByRule = Map.of(ClientRules.BURST, 10 * MINUTE);
    return settings;
  }

  private static List<Observation> plus(List<Observation> a, List<Observation> b) {
    List<Observation> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void errorSpikeFiresEarlyOnceAndResolvesUnderTheSameId() {
    EngineHarness harness = new EngineHarness(settings(), DELAY);
    for (int minute = 0; minute < 10; minute++) {
      harness.batch(ordinary("shop", T0 + minute * MINUTE, 100, 1, 20));
    }
    assertThat(harness.alerts).isEmpty();

    // First half of minute 10: 20 of 50 requests fail against a 1 % baseline.
    List<Observation> minute10 = ordinary("shop", T0 + 10 * MINUTE, 100, 30, 20);
    List<JsonNode> early = harness.batch(minute10.subList(0, 50));
    assertThat(early).hasSize(1);
    JsonNode alert = early.get(0);
    assertThat(alert.get("alert_id").asText())
        .isEqualTo("service_error_rate_spike/service.name=shop/2026-01-15T00:10:00Z");
    assertThat(alert.get("status").asText()).isEqualTo("firing");
    assertThat(alert.get("window_complete").asBoolean()).isFalse();
    assertThat(alert.get("observed_value").asDouble()).isEqualTo(30.0 / 50);
    assertThat(alert.get("baseline").asDouble()).isEqualTo(0.01);
    assertThat(alert.get("evidence").get("sample_offsets")).hasSize(5);
    assertThat(alert.get("observed_until").asText()).isEqualTo("2026-01-15T00:10:29.400Z");

    // The rest of the window and its closing do not alert again.
    assertThat(harness.batch(minute10.subList(50, 100))).isEmpty();
    for (int minute = 11; minute < 17; minute++) {
      harness.batch(ordinary("shop", T0 + minute * MINUTE, 100, 1, 20));
    }
    List<JsonNode> spike = harness.alertsOf(ErrorRateSpikeRule.RULE);
    assertThat(spike).extracting(a -> a.get("status").asText()).containsExactly("firing", "resolved");
    JsonNode resolved = spike.get(1);
    assertThat(resolved.get("alert_id").asText()).isEqualTo(alert.get("alert_id").asText());
    // two clean windows (11 and 12) after the incident's window 10
    assertThat(resolved.get("window").get("start").asText()).isEqualTo("2026-01-15T00:10:00.000Z");
    assertThat(resolved.get("window").get("end").asText()).isEqualTo("2026-01-15T00:13:00.000Z");
    // a resolve keeps the incident's severity (30 of 50 is critical) and says it is a resolve
    assertThat(alert.get("severity").asText()).isEqualTo("critical");
    assertThat(resolved.get("severity").asText()).isEqualTo("critical");
    assertThat(resolved.get("summary").asText())
        .startsWith("resolved: service_error_rate_spike for service.name=shop, not seen for 2 window(s) since 2026-01-15T00:11:00.000Z");
    assertThat(harness.alerts).hasSize(2);
  }

  @Test
  void errorSpikeTestAccountsForVolume() {
    EngineHarness harness = new EngineHarness(settings(), DELAY);
    for (int minute = 0; minute < 10; minute++) {
      harness.batch(ordinary("shop", T0 + minute * MINUTE, 1000, 10, 20));
    }
    // 5 of 60 (8.3 %): P(X >= 5 | 60, 0.01) is about 3e-4, far above 1e-6: noise at this volume
    harness.batch(ordinary("shop", T0 + 10 * MINUTE, 60, 5, 20));
    // 60 of 1000 (6 %): about 16 standard deviations above 10 expected errors
    harness.batch(ordinary("shop", T0 + 11 * MINUTE, 1000, 60, 20));
    harness.batch(ordinary("shop", T0 + 14 * MINUTE, 1000, 10, 20));
    assertThat(harness.alertsOf(ErrorRateSpikeRule.RULE))
        .extracting(a -> a.get("alert_id").asText())
        .containsExactly("service_error_rate_spike/service.name=shop/2026-01-15T00:11:00Z");
  }

  @Test
  void latencyRegressionFiresOnCompleteWindowsAndTheBaselineIsNotPoisoned() {
    EngineHarness harness = new EngineHarness(settings(), DELAY);
    Random random = new Random(3);
    for (int minute = 0; minute < 30; minute++) {
      boolean slow = minute == 15 || minute == 16 || minute == 25;
      List<Observation> events = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        double millis = Math.exp(Math.log(slow ? 400 : 50) + 0.2 * random.nextGaussian());
        events.add(
            request("api", "192.0.2." + (i % 50), T0 + minute * MINUTE + i * 600, 200,
                (long) millis, "GET", "/v1/items", "client"));
      }
      List<JsonNode> emitted = harness.batch(events);
      if (minute == 15) {
        assertThat(emitted).as("judged only once the window is complete").isEmpty();
      }
    }
    List<JsonNode> latency = harness.alertsOf(LatencyRegressionRule.RULE);
    assertThat(latency)
        .extracting(a -> a.get("status").asText() + " " + a.get("alert_id").asText())
        .containsExactly(
            "firing service_latency_regression/service.name=api/2026-01-15T00:15:00Z",
            "resolved service_latency_regression/service.name=api/2026-01-15T00:15:00Z",
            "firing service_latency_regression/service.name=api/2026-01-15T00:25:00Z");
    JsonNode first = latency.get(0);
    assertThat(first.get("window_complete").asBoolean()).isTrue();
    // p95 of exp(N(ln 50, 0.2)) is 50 * e^(1.645 * 0.2), about 70 ms; of the slow minutes 8x that
    assertThat(first.get("baseline").asDouble()).isBetween(55.0, 85.0);
    assertThat(first.get("observed_value").asDouble()).isBetween(450.0, 700.0);
    // Two slow windows later the baseline is still where it was: the second incident fires too.
    assertThat(latency.get(2).get("baseline").asDouble()).isBetween(55.0, 95.0);
  }

  @Test
  void trafficDropIsJudgedOnlyOnceTheWatermarkCompletesTheWindowAndCountsEmptyWindows() {
    EngineHarness harness = new EngineHarness(settings(), DELAY);
    for (int minute = 0; minute < 15; minute++) {
      harness.batch(
          plus(ordinary("shop", T0 + minute * MINUTE, 100, 0, 20),
              ordinary("blog", T0 + minute * MINUTE, 100, 0, 20)));
    }
    // minute 15: shop gets 10 requests; minute 16: none at all; blog carries the watermark on
    assertThat(
            harness.batch(
                plus(ordinary("shop", T0 + 15 * MINUTE, 10, 0, 20),
                    ordinary("blog", T0 + 15 * MINUTE, 100, 0, 20))))
        .isEmpty();
    // The harness, like Spark, runs a batch with the watermark of the batch before: window 15
    // (ends 00:16) closes in the batch of minute 19, which runs with 00:18:59.4 - 2 min.
    for (int minute = 16; minute < 19; minute++) {
      harness.batch(ordinary("blog", T0 + minute * MINUTE, 100, 0, 20));
    }
    assertThat(harness.alertsOf(TrafficDropRule.RULE)).as("window 15 is not complete yet").isEmpty();
    harness.batch(ordinary("blog", T0 + 19 * MINUTE, 100, 0, 20));
    List<JsonNode> drops = harness.alertsOf(TrafficDropRule.RULE);
    assertThat(drops).hasSize(1);
    assertThat(drops.get(0).get("alert_id").asText())
        .isEqualTo("service_traffic_drop/service.name=shop/2026-01-15T00:15:00Z");
    assertThat(drops.get(0).get("observed_value").asDouble()).isEqualTo(10.0);
    assertThat(drops.get(0).get("baseline").asDouble()).isEqualTo(100.0);
    // Windows 16 to 19 (no shop traffic at all) continue the incident; 20 and 21 resolve it.
    for (int minute = 20; minute < 26; minute++) {
      harness.batch(
          plus(ordinary("shop", T0 + minute * MINUTE, 100, 0, 20),
              ordinary("blog", T0 + minute * MINUTE, 100, 0, 20)));
    }
    assertThat(harness.alertsOf(TrafficDropRule.RULE))
        .extracting(a -> a.get("status").asText() + " " + a.get("window").get("end").asText())
        .containsExactly("firing 2026-01-15T00:16:00.000Z", "resolved 2026-01-15T00:22:00.000Z");
    assertThat(harness.alerts).allMatch(a -> a.get("entity").get("value").asText().equals("shop"));
  }

  @Test
  void eventsBehindTheWatermarkAreReportedLateOnceAndCountedNowhere() {
    EngineHarness harness = new EngineHarness(settings(), DELAY);
    harness.batch(ordinary("shop", T0 + 10 * MINUTE, 100, 0, 20));
    long watermark = harness.watermarkMs;
    assertThat(watermark).isEqualTo(T0 + 10 * MINUTE + 99 * 600 - DELAY);
    // A moment behind the watermark (00:08:59.4 = 00:10:59.4 - 2 min), but its window
    // [00:08, 00:09) is still open: counted, not late

    harness.batch(List.of(request("shop", "203.0.113.6", watermark - 1, 200, 20, "GET", "/", "ua")));
    assertThat(harness.lateEvents).isEmpty();
    harness.batch(List.of(request("shop", "203.0.113.5", T0, 503, 20, "GET", "/old", "ua")));
    assertThat(harness.lateEvents).hasSize(1);
    JsonNode late = harness.lateEvents.get(0);
    assertThat(late.get("reason").asText()).isEqualTo("behind_watermark");
    assertThat(late.get("service_name").asText()).isEqualTo("shop");
    assertThat(late.get("event_time").asText()).isEqualTo("2026-01-15T00:00:00.000Z");
    assertThat(late.get("lateness_ms").asLong()).isEqualTo(harness.watermarkMs - T0);
    assertThat(late.get("http_response_status_code").asInt()).isEqualTo(503);
    assertThat(harness.states).doesNotContainKey("i|203.0.113.5");
  }

  @Test
  void clientBurstFiresWhileItHappensResolvesWhenTheClientGoesQuietAndReopensInCooldown() {
    EngineHarness harness = new EngineHarness(settings(), DELAY);
    List<Observation> burst = new ArrayList<>();
    for (int i = 0; i < 450; i++) {
      burst.add(request("shop", "203.0.113.9", T0 + i * 100, 200, 5, "GET", "/search", "bot/1.0"));
    }
    List<JsonNode> early = harness.batch(burst.subList(0, 350));
    assertThat(early).hasSize(1);
    JsonNode alert = early.get(0);
    assertThat(alert.get("alert_id").asText())
        .isEqualTo("client_request_burst/source.ip=203.0.113.9/2026-01-15T00:00:00Z");
    assertThat(alert.get("window_complete").asBoolean()).isFalse();
    assertThat(alert.get("observed_value").asDouble()).isEqualTo(350.0);
    assertThat(alert.get("severity").asText()).isEqualTo("warning");
    assertThat(alert.get("evidence").get("top_user_agents").get(0).get("value").asText())
        .isEqualTo("bot/1.0");
    assertThat(harness.batch(burst.subList(350, 450))).isEmpty();

    // Windows 1 and 2 (the client sends nothing) resolve it; window 2 closes in the batch of
    // minute 6, which runs with the watermark 00:05:59.4 - 2 min.
    for (int minute = 1; minute < 7; minute++) {
      harness.batch(ordinary("shop", T0 + minute * MINUTE, 100, 0, 20));
    }
    assertThat(harness.alertsOf(ClientRules.BURST))
        .extracting(a -> a.get("status").asText())
        .containsExactly("firing", "resolved");

    // Again at minute 8, within the 10-minute cooldown after the resolve at 00:03: same incident.
    List<Observation> again = new ArrayList<>();
    for (int i = 0; i < 320; i++) {
      again.add(request("shop", "203.0.113.9", T0 + 8 * MINUTE + i * 100, 200, 5, "GET", "/", "bot/1.0"));
    }
    List<JsonNode> reopened = harness.batch(again);
    assertThat(reopened).hasSize(1);
    assertThat(reopened.get(0).get("alert_id").asText()).isEqualTo(alert.get("alert_id").asText());

    // A burst after the cooldown is a new incident, and quiet clients leave no state behind.
    for (int minute = 9; minute < 30; minute++) {
      harness.batch(ordinary("shop", T0 + minute * MINUTE, 100, 0, 20));
    }
    List<Observation> later = new ArrayList<>();
    for (int i = 0; i < 320; i++) {
      later.add(request("shop", "203.0.113.9", T0 + 30 * MINUTE + i * 100, 200, 5, "GET", "/", "bot/1.0"));
    }
    assertThat(harness.batch(later))
        .extracting(a -> a.get("alert_id").asText())
        .containsExactly("client_request_burst/source.ip=203.0.113.9/2026-01-15T00:30:00Z");
    for (int minute = 31; minute < 60; minute++) {
      harness.batch(ordinary("shop", T0 + minute * MINUTE, 100, 0, 20));
    }
    assertThat(harness.states.keySet()).noneMatch(key -> key.startsWith("i|203.0.113.9"));
  }

  @Test
  void aClientIsJudgedAgainstItsOwnHistoryOfBusyWindows() {
    EngineHarness harness = new EngineHarness(settings(), DELAY);
    // It appears 5 s before the end of minute 0 (a part window, not learned), then sends 250
    // requests a minute (under the 300 minimum: its usual rate, learned as the watermark, 2
    // minutes behind, closes each minute), then 400: a burst for a new client but not for this
    // one (threshold 3 x 250), then 900: a burst.
    List<Observation> start = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      start.add(request("shop", "203.0.113.50", T0 + 55_000 + i * 500, 200, 5, "GET", "/api/poll", "probe/2.0"));
    }
    harness.batch(start);
    int[] perMinute = {250, 250, 250, 250, 250, 250, 250, 250, 250, 400, 400, 900};
    for (int i = 0; i < perMinute.length; i++) {
      harness.batch(steady("203.0.113.50", T0 + (i + 1) * MINUTE, perMinute[i]));
    }
    assertThat(harness.alertsOf(ClientRules.BURST)).hasSize(1);
    JsonNode alert = harness.alertsOf(ClientRules.BURST).get(0);
    assertThat(alert.get("alert_id").asText())
        .isEqualTo("client_request_burst/source.ip=203.0.113.50/2026-01-15T00:12:00Z");
    assertThat(alert.get("baseline").asDouble()).isEqualTo(250.0);
    assertThat(alert.get("threshold").asDouble()).isEqualTo(750.0);
    assertThat(alert.get("summary").asText()).contains("its usual 250 a window");

    // The same 400 a minute from a client without history is a burst.
    harness.batch(steady("203.0.113.51", T0 + 13 * MINUTE, 400));
    assertThat(harness.alertsOf(ClientRules.BURST))
        .extracting(a -> a.get("entity").get("value").asText())
        .contains("203.0.113.51");
  }

  @Test
  void aNetworkDoesNotLearnOneAddresssFloodAsItsNormal() {
    EngineHarness harness = new EngineHarness(settings(), DELAY);
    // Minutes 1 to 10: one address of 198.51.100.0/24 sends 400 a minute (its own burst, reported
    // for the address), so the network learns nothing (else its usual 400 would put the threshold
    // at 1,200); minute 11: a flood of 700 from 10 addresses.
    for (int minute = 1; minute < 11; minute++) {
      harness.batch(steady("198.51.100.7", T0 + minute * MINUTE, 400));
    }
    List<Observation> flood = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      flood.add(request("shop", "198.51.100." + (20 + i % 10), T0 + 11 * MINUTE + i * 80, 200, 5, "GET", "/", "curl/8.0"));
    }
    harness.batch(flood);
    assertThat(harness.alertsOf(ClientRules.BURST))
        .extracting(a -> a.get("entity").get("value").asText())
        .contains("198.51.100.0/24");
  }

  @Test
  void aBusyClientsHistoryIsKeptForTheRetentionOnly() {
    DetectorSettings settings = settings();
    settings.burstHistoryRetentionMs = 30 * MINUTE;
    EngineHarness harness = new EngineHarness(settings, DELAY);
    for (int minute = 0; minute < 6; minute++) {
      harness.batch(steady("203.0.113.60", T0 + minute * MINUTE, 150)); // 3 x 150 >= 300: kept
      harness.batch(steady("203.0.113.61", T0 + minute * MINUTE, 50)); // 3 x 50 < 300: not kept
    }
    for (int minute = 6; minute < 20; minute++) {
      harness.batch(ordinary("shop", T0 + minute * MINUTE, 100, 0, 20));
    }
    assertThat(harness.states).containsKey("i|203.0.113.60").doesNotContainKey("i|203.0.113.61");
    for (int minute = 20; minute < 40; minute++) {
      harness.batch(ordinary("shop", T0 + minute * MINUTE, 100, 0, 20));
    }
    assertThat(harness.states).doesNotContainKey("i|203.0.113.60");
  }

  @Test
  void aBurstMustAlsoBeFarAboveThePopulation() {
    EngineHarness harness = new EngineHarness(settings(), DELAY);
    // Minutes 0 to 11: 20 partner integrations, each in its own /24, send 200 requests a minute:
    // ordinary clients of this service. By minute 12 the population holds about 200 address
    // windows (>= 100) whose 99th percentile is 200, so a burst needs 3 x 200 = 600 (the quantile
    // is read within 9 %: at most 654).
    for (int minute = 0; minute < 12; minute++) {
      harness.batch(partners(T0 + minute * MINUTE));
    }
    assertThat(harness.alertsOf(ClientRules.BURST)).isEmpty();

    // Minute 12: two new clients send 400 each: over the 300 minimum, but not far above the
    // population. Nothing goes out. Then one of them sends 300 more in the same minute (700).
    List<Observation> first = new ArrayList<>(partners(T0 + 12 * MINUTE));
    first.addAll(steady("203.0.113.70", T0 + 12 * MINUTE, 400).subList(0, 400));
    first.addAll(steady("203.0.113.71", T0 + 12 * MINUTE, 400));
    assertThat(harness.batch(first)).isEmpty();
    List<Observation> more = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      more.add(request("shop", "203.0.113.70", T0 + 12 * MINUTE + 40_000 + i * 50, 200, 5, "GET", "/api/poll", "probe/2.0"));
    }
    List<JsonNode> released = harness.batch(more);
    assertThat(released).hasSize(1);
    JsonNode alert = released.get(0);
    assertThat(alert.get("alert_id").asText())
        .isEqualTo("client_request_burst/source.ip=203.0.113.70/2026-01-15T00:12:00Z");
    assertThat(alert.get("status").asText()).isEqualTo("firing");
    assertThat(alert.get("observed_value").asDouble()).isEqualTo(700.0);
    JsonNode evidence = alert.get("evidence");
    assertThat(evidence.get("population_windows").asDouble()).isBetween(100.0, 240.0);
    assertThat(evidence.get("population_quantile_requests").asDouble()).isBetween(200.0, 218.0);
    assertThat(evidence.get("population_threshold").asLong()).isBetween(600L, 654L);
    assertThat(alert.get("threshold").asLong()).isEqualTo(evidence.get("population_threshold").asLong());
    assertThat(alert.get("summary").asText()).contains("far above the population").contains("p99");
    assertThat(alert.get("severity").asText()).isEqualTo("warning"); // 700 < 2 x the threshold

    // Both go quiet: the shown incident resolves (windows 13 and 14 clean; window 14 closes in
    // the batch of minute 18), the one never shown is never resolved.
    for (int minute = 13; minute < 20; minute++) {
      harness.batch(partners(T0 + minute * MINUTE));
    }
    assertThat(harness.alertsOf(ClientRules.BURST))
        .extracting(a -> a.get("entity").get("value").asText() + " " + a.get("status").asText())
        .containsExactly("203.0.113.70 firing", "203.0.113.70 resolved");
    assertThat(harness.population.held).isEmpty();
  }

  /** 20 clients in 20 networks, 200 requests each in the minute from {@code start}. */
  private static List<Observation> partners(long start) {
    List<Observation> events = new ArrayList<>();
    for (int client = 0; client < 20; client++) {
      for (int i = 0; i < 200; i++) {
        events.add(
            request("shop", "10.1." + client + ".1", start + i * (MINUTE / 200), 200, 5, "GET",
                "/api/orders", "partner-" + client + "/1.0"));
      }
    }
    return events;
  }

  /** {@code count} requests spread over one minute from one address with one agent. */
  private static List<Observation> steady(String ip, long start, int count) {
    List<Observation> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(request("shop", ip, start + i * (MINUTE / count), 200, 5, "GET", "/api/poll", "probe/2.0"));
    }
    return events;
  }

  @Test
  void aCrowdBehindOneAddressIsNotABurst() {
    EngineHarness harness = new EngineHarness(settings(), DELAY);
    List<Observation> crowd = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      crowd.add(request("shop", "198.51.100.1", T0 + i * 100, 200, 5, "GET", "/", "browser " + (i % 100)));
    }
    harness.batch(crowd);
    harness.batch(ordinary("shop", T0 + 5 * MINUTE, 100, 0, 20));
    assertThat(harness.alertsOf(ClientRules.BURST)).isEmpty();
  }

  @Test
  void aFloodSpreadOverOneNetworkIsReportedForTheNetworkOnly() {
    EngineHarness harness = new EngineHarness(settings(), DELAY);
    List<Observation> flood = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      flood.add(request("shop", "198.51.100." + (i % 10), T0 + i * 80, 200, 5, "GET", "/", "curl/8.0"));
    }
    harness.batch(flood);
    assertThat(harness.alertsOf(ClientRules.BURST))
        .extracting(a -> a.get("entity").get("value").asText())
        .containsExactly("198.51.100.0/24");
    JsonNode alert = harness.alertsOf(ClientRules.BURST).get(0);
    assertThat(alert.get("evidence").get("distinct_clients").asInt()).isEqualTo(10);
    assertThat(alert.get("evidence").get("top_client_share").asDouble()).isEqualTo(0.1);
  }

  @Test
  void scanningAndBruteForce() {
    EngineHarness harness = new EngineHarness(settings(), DELAY);
    List<Observation> events = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      events.add(request("shop", "203.0.113.20", T0 + i * 1000, 404, 5, "GET", "/probe/" + i + ".php", "zgrab"));
      // the same broken link many times is not scanning
      events.add(request("shop", "203.0.113.21", T0 + i * 1000, 404, 5, "GET", "/old-logo.png", "browser"));
    }
    for (int i = 0; i < 25; i++) {
      events.add(request("shop", "203.0.113.30", T0 + i * 1000, 200, 5, "POST", "/wp-login.php", "python"));
      // GETs of the login page are not attempts
      events.add(request("shop", "203.0.113.31", T0 + i * 1000, 200, 5, "GET", "/wp-login.php", "browser"));
    }
    harness.batch(events);
    assertThat(harness.alertsOf(ClientRules.SCANNING))
        .extracting(a -> a.get("entity").get("value").asText() + " " + a.get("observed_value").asInt())
        .containsExactly("203.0.113.20 40");
    assertThat(harness.alertsOf(ClientRules.BRUTE_FORCE))
        .extracting(a -> a.get("entity").get("value").asText() + " " + a.get("observed_value").asInt())
        .containsExactly("203.0.113.30 25");
  }

  @Test
  void oneMicroBatchHoldingAnomalousWindowsDaysApartGivesTwoIncidents() {
    // A replay or a backlog after an outage: one micro-batch holds a client's scans of two days.
    EngineHarness harness = new EngineHarness(settings(), DELAY);
    long dayLater = T0 + 3 * 24 * 60 * MINUTE;
    List<Observation> backlog = new ArrayList<>();
    for (long start : new long[] {T0, dayLater}) {
      for (int i = 0; i < 40; i++) {
        backlog.add(request("shop", "203.0.113.20", start + i * 1000, 404, 5, "GET", "/probe/" + i + ".php", "zgrab"));
      }
    }
    harness.batch(backlog);
    // Ordinary traffic moves the watermark on, 10 and 20 minutes after the second scan.
    harness.batch(ordinary("shop", dayLater + 10 * MINUTE, 100, 0, 20));
    harness.batch(ordinary("shop", dayLater + 20 * MINUTE, 100, 0, 20));

    // Each scan is its own incident, resolved by the two quiet windows after it.
    assertThat(harness.alertsOf(ClientRules.SCANNING))
        .extracting(
            a -> a.get("status").asText() + " " + a.get("alert_id").asText() + " "
                + a.get("window").get("end").asText())
        .containsExactly(
            "firing client_scanning/source.ip=203.0.113.20/2026-01-15T00:00:00Z 2026-01-15T00:01:00.000Z",
            "resolved client_scanning/source.ip=203.0.113.20/2026-01-15T00:00:00Z 2026-01-15T00:03:00.000Z",
            "firing client_scanning/source.ip=203.0.113.20/2026-01-18T00:00:00Z 2026-01-18T00:01:00.000Z",
            "resolved client_scanning/source.ip=203.0.113.20/2026-01-18T00:00:00Z 2026-01-18T00:03:00.000Z");
  }
}
