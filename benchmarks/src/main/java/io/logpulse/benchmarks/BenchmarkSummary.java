package io.logpulse.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints a short summary of a JMH JSON result file ({@code -rf json}) of {@link
 * PipelineBenchmark}: lines per second per benchmark and corpus, allocation per line when {@code
 * -prof gc} was on, the ratios {@code parse / regexBaseline}, {@code parseEnrich / regexBaseline}
 * and {@code parseEnrichSerialize / regexBaseline} (both with the production enrichment chain,
 * {@link ProductionPipeline}), and the product owner's targets (parse + enrich + serialize at least 1,000,000
 * lines/s per core and at least 10 times the regex baseline).
 *
 * <p>Usage: {@code BenchmarkSummary <jmh.json>}. Launcher only; exits 2 on a usage error.
 */
public final class BenchmarkSummary {

  static final double TARGET_LINES_PER_SECOND = 1_000_000;
  static final double TARGET_RATIO_TO_BASELINE = 10;

  private BenchmarkSummary() {}

  /**
   * Prints the summary of one result file to standard output.
   *
   * @param arguments the path of the JMH JSON result file
   * @throws IOException if the file cannot be read or is not JSON
   */
  public static void main(String[] arguments) throws IOException {
    if (arguments.length != 1) {
      System.err.println("usage: BenchmarkSummary <jmh-result.json>");
      System.exit(2);
    }
    JsonNode results = new ObjectMapper().readTree(Path.of(arguments[0]).toFile());
    print(results, System.out);
  }

  /** Scores of one benchmark on one corpus. */
  record Score(double linesPerSecond, double error, double bytesPerLine) {}

  static void print(JsonNode results, PrintStream out) {
    Map<String, Map<String, Score>> byCorpus = new LinkedHashMap<>();
    for (JsonNode result : results) {
      String benchmark = result.path("benchmark").asText();
      if (!benchmark.contains("." + PipelineBenchmark.class.getSimpleName() + ".")) {
        continue; // other benchmarks report times, not lines per second
      }
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      String corpus = result.path("params").path("corpus").asText("-");
      JsonNode primary = result.path("primaryMetric");
      JsonNode secondary = result.path("secondaryMetrics");
      JsonNode allocation = secondary.path("gc.alloc.rate.norm"); // JMH 1.37; older: "\u00b7gc..."
      if (allocation.isMissingNode()) {
        allocation = secondary.path("\u00b7gc.alloc.rate.norm");
      }
      double bytesPerLine = allocation.isMissingNode() ? Double.NaN : allocation.path("score").asDouble();
      byCorpus
          .computeIfAbsent(corpus, key -> new LinkedHashMap<>())
          .put(
              method,
              new Score(
                  primary.path("score").asDouble(),
                  primary.path("scoreError").asDouble(Double.NaN),
                  bytesPerLine));
    }

    if (byCorpus.isEmpty()) {
      out.println("(no PipelineBenchmark results to summarise)");
      return;
    }
    out.println();
    out.println("== logpulse benchmark summary (lines/s per thread; 1 thread = per core) ==");
    out.println("parseEnrich / parseEnrichSerialize measure: " + ProductionPipeline.DESCRIPTION);
    for (Map.Entry<String, Map<String, Score>> corpus : byCorpus.entrySet()) {
      out.println();
      out.println("corpus " + corpus.getKey());
      out.printf(Locale.ROOT, "  %-40s %14s %12s %12s%n", "benchmark", "lines/s", "error", "B/line");
      for (Map.Entry<String, Score> entry : corpus.getValue().entrySet()) {
        Score score = entry.getValue();
        out.printf(
            Locale.ROOT,
            "  %-40s %,14.0f %12s %12s%n",
            entry.getKey(),
            score.linesPerSecond(),
            Double.isNaN(score.error())
                ? "-"
                : String.format(Locale.ROOT, "\u00b1%,.0f", score.error()),
            Double.isNaN(score.bytesPerLine())
                ? "-"
                : String.format(Locale.ROOT, "%,.0f", score.bytesPerLine()));
      }
      Score baseline = corpus.getValue().get("regexBaseline");
      Score parse = corpus.getValue().get("parse");
      Score enrich = corpus.getValue().get("parseEnrich");
      Score full = corpus.getValue().get("parseEnrichSerialize");
      if (baseline != null && parse != null) {
        out.printf(
            Locale.ROOT,
            "  ratio parse / regexBaseline                %8.2fx%n",
            parse.linesPerSecond() / baseline.linesPerSecond());
      }
      if (baseline != null && enrich != null) {
        out.printf(
            Locale.ROOT,
            "  ratio parseEnrich / regexBaseline          %8.2fx%n",
            enrich.linesPerSecond() / baseline.linesPerSecond());
      }
      if (baseline != null && full != null) {
        double ratio = full.linesPerSecond() / baseline.linesPerSecond();
        out.printf(
            Locale.ROOT,
            "  ratio parseEnrichSerialize / regexBaseline %8.2fx   target >= %.0fx: %s%n",
            ratio,
            TARGET_RATIO_TO_BASELINE,
            ratio >= TARGET_RATIO_TO_BASELINE ? "met" : "NOT MET");
      }
      if (full != null) {
        out.printf(
            Locale.ROOT,
            "  parseEnrichSerialize %,.0f lines/s          target >= %,.0f: %s%n",
            full.linesPerSecond(),
            TARGET_LINES_PER_SECOND,
            full.linesPerSecond() >= TARGET_LINES_PER_SECOND ? "met" : "NOT MET");
      }
    }
  }
}
