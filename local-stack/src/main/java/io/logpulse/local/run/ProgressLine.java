package io.logpulse.local.run;

import io.logpulse.local.replay.LogReplayer;
import java.io.PrintStream;
import java.time.Duration;

/** Prints one progress line every two seconds. */
final class ProgressLine {
  private final PrintStream console;
  private final LogReplayer replayer;
  private final OutputWatcher watcher;
  private final long total;
  private long lastPrintNanos = System.nanoTime();
  private long lastSent;

  ProgressLine(PrintStream console, LogReplayer replayer, OutputWatcher watcher, long total) {
    this.console = console;
    this.replayer = replayer;
    this.watcher = watcher;
    this.total = total;
  }

  void printIfDue() {
    if (System.nanoTime() - lastPrintNanos >= Duration.ofSeconds(2).toNanos()) {
      print();
    }
  }

  void print() {
    long now = System.nanoTime();
    long sent = replayer.linesSent();
    double seconds = Math.max(1e-9, (now - lastPrintNanos) / 1e9);
    console.printf(
        "replayed %d/%d lines (%.0f lines/s) | events %d | dead-lettered %d | windows %d |"
            + " alerts %d%n",
        sent,
        total,
        (sent - lastSent) / seconds,
        watcher.eventsWritten(),
        watcher.deadLettered(),
        watcher.windowsEmitted(),
        watcher.alerts().size());
    lastSent = sent;
    lastPrintNanos = now;
  }
}
