package io.logpulse.local.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * How fast a replay sends each line: a time compression factor per event time, or {@link
 * LogReplayer#MAX_SPEED}. A constant pace paces the whole replay; stretches pace only chosen spans
 * of event time (around incidents, say) and send the rest as fast as possible.
 */
@FunctionalInterface
public interface ReplayPace {

  /**
   * @param eventTimeMs a line's event time, epoch ms
   * @return the time compression factor for that line, greater than 0, or {@link
   *     LogReplayer#MAX_SPEED}
   */
  double speedAt(long eventTimeMs);

  /**
   * @param speed time compression factor, greater than 0, or {@link LogReplayer#MAX_SPEED}
   * @throws IllegalArgumentException when {@code speed} is not positive
   */
  static ReplayPace constant(double speed) {
    checkSpeed(speed);
    return eventTimeMs -> speed;
  }

  /**
   * @param speed time compression factor inside the stretches, greater than 0
   * @param stretches event-time spans {@code [start, end)} in epoch ms, each as a two-element array
   * @return a pace that sends lines inside a stretch at {@code speed} and the others at {@link
   *     LogReplayer#MAX_SPEED}
   * @throws IllegalArgumentException when {@code speed} is not positive or a stretch is not two
   *     ordered times
   */
  static ReplayPace within(double speed, List<long[]> stretches) {
    checkSpeed(speed);
    List<long[]> spans = new ArrayList<>();
    for (long[] stretch : stretches) {
      if (stretch.length != 2 || stretch[0] > stretch[1]) {
        throw new IllegalArgumentException("a stretch is [start, end) with start <= end");
      }
      spans.add(stretch.clone());
    }
    return eventTimeMs -> {
      for (long[] span : spans) {
        if (eventTimeMs >= span[0] && eventTimeMs < span[1]) {
          return speed;
        }
      }
      return LogReplayer.MAX_SPEED;
    };
  }

  private static void checkSpeed(double speed) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be > 0, got " + speed);
    }
  }
}
