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
    assertThat(ServiceProcess.recordingPerJvm("-XX:StartFlightRecording:filename=a.jfr", "x"))
        .isEqualTo("-XX:StartFlightRecording:filename=a-x.jfr");
    assertThat(ServiceProcess.recordingPerJvm("-XX:StartFlightRecording=name=r,filename=y.jfr", "x"))
        .isEqualTo("-XX:StartFlightRecording=name=r,filename=y-x.jfr");
    assertThat(ServiceProcess.recordingPerJvm("-XX:StartFlightRecording=filename=a.jfr", "$1"))
        .isEqualTo("-XX:StartFlightRecording=filename=a-$1.jfr");
    assertThat(ServiceProcess.recordingPerJvm("-Xmx2g", "x")).isEqualTo("-Xmx2g");
  }
}
