package io.logpulse.local.replay;

import io.logpulse.ingest.parse.AccessLogParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Reads access-log files into {@link ReplayLine}s in event-time order.
 *
 * <p>Lines are split on {@code \n} (a trailing {@code \r} is removed; a last line without a newline
 * counts), so the number of lines equals {@code wc -l} plus one when the file does not end with a
 * newline. Event times come from the same {@link AccessLogParser} ingest-streams uses. The sort is
 * stable: lines with equal times keep their file order, and lines without a readable time stay
 * next to the line before them. The whole input is held in memory.
 */
public final class LogFiles {

  private LogFiles() {}

  /**
   * @param file a log file in any format ingest-streams detects
   * @param serviceName the {@code service.name} of its lines
   * @param parser the parser used to read event times
   * @return the file's lines in event-time order; lines of a file with no readable time at all get
   *     the current time
   * @throws IOException when the file cannot be read
   */
  public static List<ReplayLine> read(Path file, String serviceName, AccessLogParser parser)
      throws IOException {
    List<byte[]> rawLines = splitLines(Files.readAllBytes(file));
    long[] times = new long[rawLines.size()];
    long previous = Long.MIN_VALUE;
    for (int i = 0; i < times.length; i++) {
      Optional<Instant> time = parser.eventTime(new String(rawLines.get(i), StandardCharsets.UTF_8));
      previous = time.map(Instant::toEpochMilli).orElse(previous);
      times[i] = previous;
    }
    // Lines before the first timed one take its time (or now, when no line has a time).
    long firstKnown = System.currentTimeMillis();
    for (long time : times) {
      if (time != Long.MIN_VALUE) {
        firstKnown = time;
        break;
      }
    }
    List<ReplayLine> lines = new ArrayList<>(rawLines.size());
    for (int i = 0; i < times.length; i++) {
      long eventTime = times[i] == Long.MIN_VALUE ? firstKnown : times[i];
      lines.add(new ReplayLine(rawLines.get(i), eventTime, serviceName));
    }
    lines.sort(Comparator.comparingLong(ReplayLine::eventTimeMillis));
    return lines;
  }

  /** Merges already sorted inputs into one event-time ordered list (stable). */
  public static List<ReplayLine> merge(List<List<ReplayLine>> inputs) {
    List<ReplayLine> all = new ArrayList<>();
    inputs.forEach(all::addAll);
    all.sort(Comparator.comparingLong(ReplayLine::eventTimeMillis));
    return all;
  }

  /** The default {@code service.name} of a file: its name without directory and extension. */
  public static String serviceNameOf(Path file) {
    String name = file.getFileName().toString();
    int dot = name.indexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  static List<byte[]> splitLines(byte[] content) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < content.length; i++) {
      if (content[i] == '\n') {
        lines.add(line(content, start, i));
        start = i + 1;
      }
    }
    if (start < content.length) {
      lines.add(line(content, start, content.length));
    }
    return lines;
  }

  private static byte[] line(byte[] content, int start, int end) {
    int trimmedEnd = end > start && content[end - 1] == '\r' ? end - 1 : end;
    return Arrays.copyOfRange(content, start, trimmedEnd);
  }
}
