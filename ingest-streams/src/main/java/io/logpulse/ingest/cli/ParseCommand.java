package io.logpulse.ingest.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.logpulse.ingest.parse.ParseResult;
import io.logpulse.ingest.parse.RejectReason;
import io.logpulse.ingest.pipeline.EventPipeline;
import io.logpulse.schemas.AccessEvent;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The engine of {@code logpulse parse}: runs every line of the given files through an {@link
 * EventPipeline} (the ingest service's own parse and enrich code) and writes one JSON object per
 * line, then a summary.
 *
 * <p>Output, one object per input line, in input order (JSON Lines):
 *
 * <pre>
 * {"file":"access.log","line_number":1,"event":{"timestamp":"2022-09-01T22:12:45Z",...}}
 * {"file":"access.log","line_number":2,"rejection":{"reason":"malformed_timestamp","message":"..."},"event_original":"..."}
 * </pre>
 *
 * <p>{@code event} holds the AccessEvent fields by their Avro names, null fields and empty {@code
 * tags} left out, timestamps as ISO-8601 UTC. The summary goes to the error stream: lines, parsed,
 * rejected by reason, and lines per second (parse, enrich and JSON output together).
 *
 * <p>Lines are read as bytes and split at {@code \n}, exactly as the replayer sends them to Kafka;
 * invalid UTF-8 is decoded as U+FFFD, as the service does.
 */
public final class ParseCommand {

  private ParseCommand() {}

  /**
   * What a run counted.
   *
   * @param lines lines read (a final line without {@code \n} counts; an empty file has none)
   * @param parsed lines that became events
   * @param rejectedByReason rejected lines per reason code, sorted by code
   * @param elapsedNanos wall time of the run, in nanoseconds
   */
  public record Summary(
      long lines, long parsed, Map<String, Long> rejectedByReason, long elapsedNanos) {

    /** Lines rejected for any reason. */
    public long rejected() {
      return lines - parsed;
    }

    /** Lines per second over the run; 0 for an empty run. */
    public double linesPerSecond() {
      return elapsedNanos == 0 ? 0 : lines * 1e9 / elapsedNanos;
    }

    /** One human-readable paragraph, as printed to the error stream. */
    public String describe() {
      StringBuilder text = new StringBuilder();
      text.append(
          String.format(
              Locale.ROOT,
              "lines %d, parsed %d, rejected %d; %.0f lines/s (%.3f s)%n",
              lines,
              parsed,
              rejected(),
              linesPerSecond(),
              elapsedNanos / 1e9));
      rejectedByReason.forEach(
          (reason, count) ->
              text.append(String.format(Locale.ROOT, "  rejected %-24s %d%n", reason, count)));
      return text.toString();
    }
  }

  /**
   * Parses files.
   *
   * @param files files to read in order; {@code -} reads standard input
   * @param pipeline the pipeline to run lines through
   * @param rejectedOnly write only rejections (events are still counted)
   * @param out where the JSON lines go; flushed, not closed
   * @param err where the summary goes
   * @return the counts
   * @throws IOException when a file cannot be read or the output cannot be written
   */
  public static Summary run(
      List<Path> files,
      EventPipeline pipeline,
      boolean rejectedOnly,
      OutputStream out,
      PrintStream err)
      throws IOException {
    long started = System.nanoTime();
    long[] counts = new long[2];
    Map<String, Long> rejected = new TreeMap<>();
    JsonGenerator json =
        new JsonFactory().createGenerator(out).configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
    json.setRootValueSeparator(null);
    for (Path file : files) {
      boolean stdin = file.toString().equals("-");
      try (InputStream in =
          stdin ? nonClosing(new BufferedInputStream(System.in, 1 << 16)) : new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
        String name = stdin ? "-" : file.toString();
        LineReader reader = new LineReader(in);
        byte[] raw;
        while ((raw = reader.next()) != null) {
          counts[0]++;
          ParseResult result = pipeline.process(raw, null, Instant.now());
          if (result instanceof ParseResult.Parsed parsed) {
            counts[1]++;
            if (!rejectedOnly) {
              writeEvent(json, name, counts[0], parsed.event());
            }
          } else if (result instanceof ParseResult.Rejected rejection) {
            rejected.merge(rejection.reason().code(), 1L, Long::sum);
            writeRejection(json, name, counts[0], rejection, raw);
          }
        }
      }
    }
    json.flush();
    Summary summary = new Summary(counts[0], counts[1], rejected, System.nanoTime() - started);
    err.print(summary.describe());
    err.flush();
    return summary;
  }

  private static void writeEvent(JsonGenerator json, String file, long lineNumber, AccessEvent event)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("file", file);
    json.writeNumberField("line_number", lineNumber);
    json.writeObjectFieldStart("event");
    for (Schema.Field field : event.getSchema().getFields()) {
      Object value = event.get(field.pos());
      if (value == null || (value instanceof List<?> list && list.isEmpty())) {
        continue;
      }
      json.writeFieldName(field.name());
      writeValue(json, value);
    }
    json.writeEndObject();
    json.writeEndObject();
    json.writeRaw('\n');
  }

  private static void writeValue(JsonGenerator json, Object value) throws IOException {
    if (value instanceof Long number) {
      json.writeNumber(number);
    } else if (value instanceof Integer number) {
      json.writeNumber(number);
    } else if (value instanceof Boolean bool) {
      json.writeBoolean(bool);
    } else if (value instanceof List<?> list) {
      json.writeStartArray();
      for (Object item : list) {
        writeValue(json, item);
      }
      json.writeEndArray();
    } else {
      json.writeString(value.toString());
    }
  }

  private static void writeRejection(
      JsonGenerator json, String file, long lineNumber, ParseResult.Rejected rejection, byte[] raw)
      throws IOException {
    RejectReason reason = rejection.reason();
    json.writeStartObject();
    json.writeStringField("file", file);
    json.writeNumberField("line_number", lineNumber);
    json.writeObjectFieldStart("rejection");
    json.writeStringField("reason", reason.code());
    json.writeStringField("message", rejection.message());
    json.writeEndObject();
    String original = new String(raw, StandardCharsets.UTF_8);
    json.writeStringField(
        "event_original", original.length() > 4096 ? original.substring(0, 4096) + "…" : original);
    json.writeEndObject();
    json.writeRaw('\n');
  }

  private static InputStream nonClosing(InputStream in) {
    return new java.io.FilterInputStream(in) {
      @Override
      public void close() {}
    };
  }

  /** Splits a byte stream at {@code \n}; the terminator (and a {@code \r} before it) is kept off. */
  private static final class LineReader {
    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    private boolean ended;

    LineReader(InputStream in) {
      this.in = in;
    }

    byte[] next() throws IOException {
      if (ended) {
        return null;
      }
      line.reset();
      int b;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          return withoutCarriageReturn();
        }
        line.write(b);
      }
      ended = true;
      return line.size() == 0 ? null : withoutCarriageReturn();
    }

    private byte[] withoutCarriageReturn() {
      byte[] bytes = line.toByteArray();
      return bytes.length > 0 && bytes[bytes.length - 1] == '\r'
          ? java.util.Arrays.copyOf(bytes, bytes.length - 1)
          : bytes;
    }
  }
}
