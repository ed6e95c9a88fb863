package io.logpulse.local.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expectations computed straight from a combined-format log file with a plain regex, sharing no
 * code with the pipeline: line count, minutes with traffic, and the client bursts the {@code
 * client_request_burst} rule should report.
 */
final class IndependentCounts {

  /** A quoted field's content, {@code \"} escapes allowed; unrolled so long lines do not recurse. */
  private static final String QUOTED = "[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+";

  private static final Pattern COMBINED =
      Pattern.compile(
          "^(\\S+) \\S+ \\S+ \\[([^\\]]+)\\] \"" + QUOTED + "\" (\\d{3}) \\S+ \"" + QUOTED
              + "\" \"(" + QUOTED + ")\"");
  private static final DateTimeFormatter CLF_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);
  private static final DateTimeFormatter MINUTE_ID =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT);

  final long lines;
  final Set<String> minutes = new HashSet<>();
  private final Map<String, Long> requestsByClientMinute = new HashMap<>();
  private final Map<String, Set<String>> agentsByClientMinute = new HashMap<>();
  /** Client minutes in which the burst condition held after some prefix of their lines. */
  private final Map<Long, Set<String>> prefixBurstsByThreshold = new HashMap<>();
  private final List<String[]> clientMinuteAgents = new ArrayList<>();

  IndependentCounts(Path file) throws IOException {
    String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    String[] split = content.split("\n", -1);
    lines = content.endsWith("\n") ? split.length - 1 : split.length;
    for (String line : split) {
      Matcher matcher = COMBINED.matcher(line);
      if (!matcher.find()) {
        continue;
      }
      String minute =
          MINUTE_ID.format(
              ZonedDateTime.parse(matcher.group(2), CLF_TIME)
                  .withZoneSameInstant(java.time.ZoneOffset.UTC)
                  .truncatedTo(ChronoUnit.MINUTES));
      minutes.add(minute);
      String key = matcher.group(1) + "/" + minute;
      requestsByClientMinute.merge(key, 1L, Long::sum);
      String agent = matcher.group(4);
      Set<String> agents = agentsByClientMinute.computeIfAbsent(key, k -> new HashSet<>());
      if (!agent.isEmpty() && !agent.equals("-")) {
        agents.add(agent);
      }
      long time = ZonedDateTime.parse(matcher.group(2), CLF_TIME).toInstant().toEpochMilli();
      clientMinuteAgents.add(new String[] {Long.toString(time), key, agent});
    }
    // the replay order: by event time, stable
    clientMinuteAgents.sort(java.util.Comparator.comparingLong(entry -> Long.parseLong(entry[0])));
  }

  /**
   * @return client minutes ({@code <ip>/<minute>}) in which, after some prefix of the minute's lines
   *     in replay order, the client had at least {@code minRequests} requests with at most {@code
   *     maxUserAgentRatio} distinct agents per request: where an early alert may fire
   */
  Set<String> prefixBursts(long minRequests, double maxUserAgentRatio) {
    Map<String, Long> counts = new HashMap<>();
    Map<String, Set<String>> agents = new HashMap<>();
    Set<String> bursts = new java.util.TreeSet<>();
    for (String[] entry : clientMinuteAgents) {
      String key = entry[1];
      long count = counts.merge(key, 1L, Long::sum);
      Set<String> seen = agents.computeIfAbsent(key, k -> new HashSet<>());
      if (!entry[2].isEmpty() && !entry[2].equals("-")) {
        seen.add(entry[2]);
      }
      if (count >= minRequests && seen.size() <= maxUserAgentRatio * count) {
        bursts.add(key);
      }
    }
    return bursts;
  }

  /** @return requests of a client minute ({@code <ip>/<minute>}), 0 when none */
  long requests(String clientMinute) {
    return requestsByClientMinute.getOrDefault(clientMinute, 0L);
  }

  /** @return {@code client_request_burst/source.ip=<ip>/<minute>} → requests of the client minutes where the condition holds at the minute's end */
  Map<String, Long> expectedBursts(long minRequests, double maxUserAgentRatio) {
    Map<String, Long> bursts = new TreeMap<>();
    requestsByClientMinute.forEach(
        (key, count) -> {
          int agents = agentsByClientMinute.get(key).size();
          if (count >= minRequests && agents <= maxUserAgentRatio * count) {
            bursts.put("client_request_burst/source.ip=" + key, count);
          }
        });
    return bursts;
  }
}
