package io.logpulse.local.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** Pacing stretches, catching up before them, and hearing each line on the topic. */
class LogReplayerTest {

  @Test
  void aPacedStretchAfterFullSpeedLinesFirstWaitsForThePipelineToCatchUp() throws Exception {
    MockProducer<byte[], byte[]> producer =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    List<Long> catchUps = new ArrayList<>();
    List<Long> heard = new ArrayList<>();
    // Event times 0..9 s; lines at 3 s and 4 s and at 7 s are paced (fast enough not to wait).
    ReplayPace pace = ReplayPace.within(1e6, List.of(new long[] {3_000, 5_000}, new long[] {7_000, 8_000}));
    LogReplayer replayer =
        new LogReplayer(
            producer, "raw", pace, catchUps::add, (line, appendTimeMs) -> heard.add(line.eventTimeMillis()));
    List<ReplayLine> lines = new ArrayList<>();
    for (long second = 0; second < 10; second++) {
      lines.add(new ReplayLine(new byte[] {'x'}, second * 1_000, "shop"));
    }

    replayer.replay(lines);

    // Before the stretch at 3 s, 3 lines had been sent; before the one at 7 s, 7.
    assertThat(catchUps).containsExactly(3L, 7L);
    assertThat(heard).hasSize(10).isSorted();
    assertThat(producer.history()).hasSize(10);
    assertThat(replayer.linesSent()).isEqualTo(10);
  }

  @Test
  void aConstantPaceNeverWaitsForCatchUp() throws Exception {
    MockProducer<byte[], byte[]> producer =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    List<Long> catchUps = new ArrayList<>();
    LogReplayer replayer =
        new LogReplayer(producer, "raw", ReplayPace.constant(1e6), catchUps::add, LogReplayer.AppendListener.NONE);
    replayer.replay(List.of(new ReplayLine(new byte[] {'x'}, 0, "shop"), new ReplayLine(new byte[] {'y'}, 5, "shop")));
    assertThat(catchUps).isEmpty();
    assertThat(producer.history()).hasSize(2);
  }

  @Test
  void speedsMustBePositive() {
    assertThatThrownBy(() -> ReplayPace.constant(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReplayPace.within(-1, List.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ReplayPace.within(10, List.of(new long[] {5, 1})))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
