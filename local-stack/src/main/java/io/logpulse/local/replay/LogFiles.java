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
    byte[] content = Files.readAllBytes(file);
    List<byte[]> rawLines = splitLines(content);
    List<ReplayLine> lines = new ArrayList<>(rawLines.size());
    long firstKnown = firstEventTime(rawLines, parser).orElse(System.currentTimeMillis());
    long previous = firstKnown;
    for (byte[] raw : rawLines) {
      Optional<Instant> time = parser.eventTime(new String(raw, StandardCharsets.UTF_8));
      long eventTime = time.map(Instant::toEpochMilli).orElse(previous);
      lines.add(new ReplayLine(raw, eventTime, serviceName));
      previous = eventTime;
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

  private static Optional<Long> firstEventTime(List<byte[]> lines, AccessLogParser parser) {
    for (byte[] raw : lines) {
      Optional<Instant> time = parser.eventTime(new String(raw, StandardCharsets.UTF_8));
      if (time.isPresent()) {
        return Optional.of(time.get().toEpochMilli());
      }
    }
    return Optional.empty();
  }
}
