package io.logpulse.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.ingest.config.PipelineConfig;
import io.logpulse.ingest.parse.AccessLogParser;
import io.logpulse.ingest.parse.LineContext;
import io.logpulse.ingest.parse.ParseResult;
import io.logpulse.local.replay.ReplayLine;
import io.logpulse.schemas.AccessEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The synthetic timed service the scenario adds for the service rules. */
class ScenarioInjectorTest {

  private static final long MINUTE = 60_000L;
  private static final long BASELINE_FIRST = 1_662_070_365_000L; // 2022-09-01T22:12:45Z
  /** 5 s into a minute: a service that stopped here would have a part minute, a false drop. */
  private static final long BASELINE_LAST = BASELINE_FIRST + 5 * 86_400_000L - 40_000L;

  private final AccessLogParser parser =
      new AccessLogParser(1 << 20, new PipelineConfig(Map.of()).lineFormat());

  @Test
  void theTimedServiceParsesWithDurationsAndCarriesBothServiceIncidents() {
    ScenarioInjector.Scenario scenario = ScenarioInjector.inject(baseline(), "web", 7);

    List<ReplayLine> timed = timedLines(scenario);
    assertThat(timed).isNotEmpty();
    for (ReplayLine line : timed.subList(0, 200)) {
      AccessEvent event = parse(line);
      assertThat(event.getEventDuration()).as("duration of %s", text(line)).isPositive();
      assertThat(event.getTimestamp().toEpochMilli() / 1000).isEqualTo(line.eventTimeMillis() / 1000);
    }
    long lastMinute = Math.floorDiv(BASELINE_LAST, MINUTE) * MINUTE;
    assertThat(timed.get(timed.size() - 1).eventTimeMillis())
        .as("the service outlasts the baseline: an earlier end would be a real drop")
        .isGreaterThanOrEqualTo(BASELINE_LAST);
    assertThat(count(timed, lastMinute, lastMinute + MINUTE))
        .as("the last minute, which the replay's final watermark closes, is full")
        .isEqualTo(ScenarioInjector.TIMED_PER_MINUTE);
    assertThat(scenario.incidents())
        .extracting(LabeledIncident::rule)
        .contains("service_latency_regression", "service_traffic_drop");
  }

  @Test
  void theDropHasATenthOfTheRateAndTheRegressionSlowerRequests() {
    ScenarioInjector.Scenario scenario = ScenarioInjector.inject(baseline(), "web", 7);
    List<ReplayLine> timed = timedLines(scenario);
    LabeledIncident drop = incident(scenario, "service_traffic_drop");
    LabeledIncident regression = incident(scenario, "service_latency_regression");

    long before = count(timed, drop.startMs() - 10 * MINUTE, drop.startMs());
    long during = count(timed, drop.startMs(), drop.endMs());
    assertThat(before).isEqualTo(10L * ScenarioInjector.TIMED_PER_MINUTE);
    assertThat(during).isBetween(before / 10 - 1, before / 10 + 1);

    double usual = medianDurationNanos(timed, regression.startMs() - 10 * MINUTE, regression.startMs());
    double slow = medianDurationNanos(timed, regression.startMs(), regression.endMs());
    assertThat(usual / 1e6).isBetween(30.0, 50.0);
    assertThat(slow / usual).isBetween(3.0, 5.0);
  }

  /** A quiet baseline: one request every ten minutes over five days. */
  private static List<ReplayLine> baseline() {
    List<ReplayLine> lines = new ArrayList<>();
    for (long time = BASELINE_FIRST; time < BASELINE_LAST; time += 10 * MINUTE) {
      lines.add(new ReplayLine(new byte[0], time, "web"));
    }
    lines.add(new ReplayLine(new byte[0], BASELINE_LAST, "web"));
    return lines;
  }

  private static List<ReplayLine> timedLines(ScenarioInjector.Scenario scenario) {
    return scenario.lines().stream()
        .filter(line -> line.serviceName().equals(ScenarioInjector.TIMED_SERVICE))
        .toList();
  }

  private static LabeledIncident incident(ScenarioInjector.Scenario scenario, String rule) {
    return scenario.incidents().stream().filter(i -> i.rule().equals(rule)).findFirst().orElseThrow();
  }

  private static long count(List<ReplayLine> lines, long fromMs, long toMs) {
    return lines.stream().filter(l -> l.eventTimeMillis() >= fromMs && l.eventTimeMillis() < toMs).count();
  }

  private double medianDurationNanos(List<ReplayLine> lines, long fromMs, long toMs) {
    List<Long> durations =
        lines.stream()
            .filter(l -> l.eventTimeMillis() >= fromMs && l.eventTimeMillis() < toMs)
            .map(l -> parse(l).getEventDuration())
            .sorted()
            .toList();
    return durations.get(durations.size() / 2);
  }

  private AccessEvent parse(ReplayLine line) {
    ParseResult result = parser.parse(text(line), new LineContext("test", null, false));
    assertThat(result).as(text(line)).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) result).event();
  }

  private static String text(ReplayLine line) {
    return new String(line.bytes(), StandardCharsets.UTF_8);
  }
}
