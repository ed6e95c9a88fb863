package io.logpulse.local.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detection targets on the ployt0 nginx log as baseline (plus the synthetic timed
 * service {@link ScenarioInjector} adds for the latency and traffic-drop rules), through the full
 * pipeline:
 * recall 100 %, precision at least 0.95 on the injected incidents, median detection delay at most
 * 60 s of event time, at most 1 alert per 24 h of baseline per rule even if every alert on baseline
 * traffic were false (they are real attacks in this log; the report lists them).
 */
class ScenarioIT {

  static final Path HOME = Path.of(System.getProperty("logpulse.home", "..")).toAbsolutePath();
  static final Path DATA =
      Path.of(System.getProperty("logpulse.shared.dir", HOME.resolve("../shared").toString()))
          .resolve("data");

  @TempDir Path temp;

  @Test
  void detectionTargetsOnPloyt0() throws Exception {
    ScenarioReport report =
        ScenarioRun.run(
            HOME,
            DATA.resolve("nginx-combined-ployt0/access.log"),
            "web",
            1,
            temp,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    assertThat(report.scores().keySet())
        .contains(
            "client_request_burst", "client_scanning", "client_brute_force",
            "service_error_rate_spike", "service_latency_regression", "service_traffic_drop");
    report.scores().values().stream()
        .filter(score -> score.incidents() > 0)
        .forEach(
            score -> {
              assertThat(score.recall()).as("%s recall", score.rule()).isEqualTo(1.0);
              assertThat(score.precision()).as("%s precision", score.rule()).isGreaterThanOrEqualTo(0.95);
              assertThat(score.falseAlerts()).as("%s false alerts", score.rule()).isZero();
              assertThat(score.medianDelayMs()).as("%s median delay", score.rule()).isBetween(0L, 60_000L);
              assertThat(score.medianWallDelayMs()).as("%s median wall delay", score.rule()).isNotNegative();
            });
    report.scores().values()
        .forEach(
            score ->
                assertThat(score.baselineAlertsPerDay())
                    .as("%s alerts per 24 h of baseline", score.rule())
                    .isLessThanOrEqualTo(1.0));
  }
}
