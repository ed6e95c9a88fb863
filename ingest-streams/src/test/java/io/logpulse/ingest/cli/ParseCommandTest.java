package io.logpulse.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpulse.ingest.config.PipelineConfig;
import io.logpulse.ingest.pipeline.EventPipeline;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logpulse parse}'s engine: one JSON object per line, rejections with reasons, summary. */
class ParseCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path directory;

  @Test
  void printsOneObjectPerLineAndASummary() throws IOException {
    Path log = directory.resolve("access.log");
    byte[] invalidUtf8 = {'G', 'E', 'T', ' ', (byte) 0xC3, (byte) 0x28};
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    // nginx-combined-ployt0/access.log line 1
    content.writeBytes(
        ("18.184.180.0 - - [01/Sep/2022:22:12:45 +0000] \"GET /users/123/orders?x=1 HTTP/1.1\""
                + " 200 87 \"-\" \"curl/7.68.0\"\n")
            .getBytes(StandardCharsets.UTF_8));
    content.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
    content.writeBytes(invalidUtf8);
    content.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    Files.write(log, content.toByteArray());

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ParseCommand.Summary summary;
    try (EventPipeline pipeline =
        EventPipeline.create(
            new PipelineConfig(
                Map.of(
                    "user.agent.enabled", "false",
                    "timestamp.skew.max.past.ms", "0",
                    "default.service.name", "shop")))) {
      summary =
          ParseCommand.run(
              List.of(log), pipeline, false, out, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines).hasSize(3);
    JsonNode event = lines.get(0).get("event");
    assertThat(lines.get(0).get("line_number").asLong()).isEqualTo(1);
    assertThat(event.get("timestamp").asText()).isEqualTo("2022-09-01T22:12:45Z");
    assertThat(event.get("service_name").asText()).isEqualTo("shop");
    assertThat(event.get("http_response_status_code").asInt()).isEqualTo(200);
    assertThat(event.get("url_path").asText()).isEqualTo("/users/123/orders");
    assertThat(event.get("http_route").asText()).isEqualTo("/users/{id}/orders");
    assertThat(event.has("user_name")).as("null fields are left out").isFalse();

    assertThat(lines.get(1).get("rejection").get("reason").asText()).isEqualTo("empty_line");
    assertThat(lines.get(2).get("line_number").asLong()).isEqualTo(3);
    assertThat(lines.get(2).get("rejection").get("reason").asText()).isEqualTo("unknown_format");
    assertThat(lines.get(2).get("event_original").asText()).isEqualTo("GET \uFFFD(");

    assertThat(summary.lines()).isEqualTo(3);
    assertThat(summary.parsed()).isEqualTo(1);
    assertThat(summary.rejectedByReason())
        .containsExactly(Map.entry("empty_line", 1L), Map.entry("unknown_format", 1L));
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("lines 3, parsed 1, rejected 2")
        .contains("empty_line")
        .contains("lines/s");
  }

  @Test
  void rejectedOnlyPrintsOnlyRejections() throws IOException {
    Path log = directory.resolve("mixed.log");
    Files.writeString(
        log,
        "18.184.180.0 - - [01/Sep/2022:22:12:45 +0000] \"GET / HTTP/1.1\" 200 87 \"-\" \"-\"\n"
            + "18.184.180.0 - - [01/Sep/2022:22:12:45 +0000] \"GET / HTTP/1.1\" 999 87 \"-\" \"-\"\n",
        StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (EventPipeline pipeline =
        EventPipeline.create(new PipelineConfig(Map.of("user.agent.enabled", "false")))) {
      ParseCommand.run(
          List.of(log), pipeline, true, out, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }
    String[] printed = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(printed).hasSize(1);
    JsonNode only = JSON.readTree(printed[0]);
    assertThat(only.get("line_number").asLong()).isEqualTo(2);
    assertThat(only.get("rejection").get("reason").asText()).isEqualTo("invalid_status_code");
  }
}
