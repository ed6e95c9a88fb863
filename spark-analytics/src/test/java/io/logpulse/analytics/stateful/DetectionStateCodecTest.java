package io.logpulse.analytics.stateful;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.analytics.detect.DetectionEngine;
import io.logpulse.analytics.detect.DetectionState;
import io.logpulse.analytics.detect.DetectorSettings;
import io.logpulse.analytics.detect.Observation;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

class DetectionStateCodecTest {

  private static final long T0 = Instant.parse("2026-01-15T00:00:00Z").toEpochMilli();
  private final DetectionEngine engine = new DetectionEngine(new DetectorSettings());
  private final DetectionStateCodec codec = new DetectionStateCodec();

  @Test
  void aStateSurvivesTheRoundTripAndStillDetects() {
    DetectionState state = new DetectionState();
    engine.process("i|203.0.113.9", requests(0, 200).iterator(), 0L, state, 0L);

    byte[] bytes = codec.encode(state);
    DetectionState restored = codec.decode("i|203.0.113.9", bytes);

    assertThat(new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("LPDS");
    assertThat(bytes[4]).isEqualTo(DetectionStateCodec.VERSION);
    assertThat(restored.openWindows()).isEqualTo(1);
    // 200 requests before the encoding plus 150 after it cross the 300 threshold together.
    assertThat(engine.process("i|203.0.113.9", requests(200, 150).iterator(), 0L, restored, 0L))
        .extracting(output -> output.getKey())
        .containsExactly("client_request_burst/source.ip=203.0.113.9/2026-01-15T00:00:00Z");
  }

  @Test
  void stateOfAnotherFormatIsDroppedNotMisread() {
    DetectionState state = new DetectionState();
    engine.process("i|203.0.113.9", requests(0, 10).iterator(), 0L, state, 0L);
    // What Encoders.kryo stored before the format had a version: Kryo bytes, no prefix.
    ByteBuffer unversioned =
        new KryoSerializer(new SparkConf(false))
            .newInstance()
            .serialize(state, ClassTag$.MODULE$.apply(DetectionState.class));
    byte[] old = new byte[unversioned.remaining()];
    unversioned.get(old);
    byte[] otherVersion = codec.encode(state);
    otherVersion[4] = (byte) (DetectionStateCodec.VERSION + 1);

    assertThat(codec.decode("i|203.0.113.9", old).openWindows()).isZero();
    assertThat(codec.decode("i|203.0.113.9", otherVersion).openWindows()).isZero();
    assertThat(codec.decode("i|203.0.113.9", new byte[0]).openWindows()).isZero();
  }

  private static List<Observation> requests(int from, int count) {
    List<Observation> events = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      events.add(
          new Observation(
              T0 + i * 100L, "shop", 200, 5_000_000L, "GET", "/search", null, "bot/1.0", null,
              "203.0.113.9", "0:" + i));
    }
    return events;
  }
}
