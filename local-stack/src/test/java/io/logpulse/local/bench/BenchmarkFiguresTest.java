package io.logpulse.local.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkFiguresTest {

  @Test
  void figuresAreTheMedianOfTheMeasuredRoundsWithoutTheWarmUp() {
    List<SparkThroughput.Run> runs =
        List.of(
            new SparkThroughput.Run(0, "passthrough", 1_000, 10.0, 10.0), // warm-up: 100/s
            new SparkThroughput.Run(1, "passthrough", 1_000, 2.0, 1.0), // 500/cpu-s
            new SparkThroughput.Run(2, "passthrough", 1_000, 4.0, 2.0), // 250/cpu-s
            new SparkThroughput.Run(3, "passthrough", 1_000, 1.0, 0.5), // 1000/cpu-s
            new SparkThroughput.Run(1, "service_windows", 1_000, 5.0, 4.0),
            new SparkThroughput.Run(2, "service_windows", 1_000, 8.0, 5.0));

    Map<String, SparkThroughput.Figure> figures = SparkThroughput.figures(runs);

    assertThat(figures.keySet()).containsExactly("passthrough", "service_windows");
    assertThat(figures.get("passthrough").recordsPerCpuSecond()).isEqualTo(500.0);
    assertThat(figures.get("passthrough").recordsPerSecond()).isEqualTo(1_000.0);
    // even count: mean of the middle two, (200 + 125) / 2
    assertThat(figures.get("service_windows").recordsPerCpuSecond()).isCloseTo(162.5, within(1e-9));
  }

  @Test
  void aWarmUpOnlyRunStillReportsIt() {
    List<SparkThroughput.Run> runs = List.of(new SparkThroughput.Run(0, "detectors", 300, 3.0, 1.0));

    assertThat(SparkThroughput.figures(runs).get("detectors").recordsPerCpuSecond()).isEqualTo(100.0);
  }

  @Test
  void latencyPercentilesAreNearestRank() {
    EndToEndLatency.Result result =
        new EndToEndLatency.Result(
            1_000, 500, 10, List.of(900L, 100L, 200L, 300L, 400L, 500L, 600L, 700L, 800L, 1_000L), Map.of(), -1);

    assertThat(result.percentile(0.5)).isEqualTo(500);
    assertThat(result.percentile(0.99)).isEqualTo(1_000);
    assertThat(result.percentile(0.9)).isEqualTo(900);
    assertThat(result.summary()).contains("p50 500 ms, p90 900 ms, p99 1000 ms").contains("met");
  }

  @Test
  void anUndetectedIncidentMissesTheLatencyTarget() {
    EndToEndLatency.Result result = new EndToEndLatency.Result(1_000, 500, 3, List.of(10L, 20L), Map.of(), 10);

    assertThat(result.summary()).contains("3 incidents, 2 detected").contains("missed")
        .contains("detectors in a JVM of their own, the other queries in a second at nice 10");
  }

  @Test
  void backgroundLinesNeedATimeFieldToRewrite() {
    List<byte[]> lines =
        List.of(
            "1.2.3.4 - - [15/Jan/2026:12:00:00 +0000] \"GET / HTTP/1.1\" 200 1".getBytes(StandardCharsets.UTF_8),
            "{\"json\":true}".getBytes(StandardCharsets.UTF_8));

    assertThat(EndToEndLatency.backgroundLines(lines)).hasSize(1);
    assertThatThrownBy(() -> EndToEndLatency.backgroundLines(List.of(lines.get(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[time]");
  }
}
