package io.logpulse.local.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.logpulse.local.replay.LogReplayer;
import io.logpulse.local.replay.ReplayLine;

/**
 * Hears a local-stack run's lines and alerts with their times on the broker, so a caller can
 * measure the wall-clock time from a line to its alert. The stack creates the raw-lines and alerts
 * topics with {@code message.timestamp.type=LogAppendTime}, so both times are the broker's clock.
 * Methods are called on the stack's producer and watcher threads: implementations must be
 * thread-safe.
 */
public interface RunObserver extends LogReplayer.AppendListener {

  /** Hears nothing. */
  RunObserver NONE =
      new RunObserver() {
        @Override
        public void appended(ReplayLine line, long appendTimeMs) {}

        @Override
        public void alertAppended(JsonNode alert, long appendTimeMs) {}
      };

  /**
   * @param alert an alert message, once per {@code alert_id} and {@code status}
   * @param appendTimeMs its append time on the alerts topic, epoch ms
   */
  void alertAppended(JsonNode alert, long appendTimeMs);
}
