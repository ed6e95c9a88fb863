package io.logpulse.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceProcessTest {

  @Test
  void eachSplitJvmRecordsToItsOwnFile() {
    assertThat(
            ServiceProcess.recordingPerJvm(
                "-XX:StartFlightRecording=filename=/tmp/spark.jfr,settings=profile",
                "spark-analytics-metrics"))
        .isEqualTo(
            "-XX:StartFlightRecording=filename=/tmp/spark-spark-analytics-metrics.jfr,settings=profile");
    assertThat(ServiceProcess.recordingPerJvm("-XX:StartFlightRecording=filename=rec", "x"))
        .isEqualTo("-XX:StartFlightRecording=filename=rec-x");
    assertThat(ServiceProcess.recordingPerJvm("-XX:StartFlightRecording:duration=30s", "x"))
        .isEqualTo("-XX:StartFlightRecording:duration=30s");
    assertThat(ServiceProcess.recordingPerJvm("-Xmx2g", "x")).isEqualTo("-Xmx2g");
  }
}
