package io.logpulse.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logpulse parse} as a user calls it: options, format strings, exit status. */
class ParseCliTest {

  // elastic apache_logs line 1 and nginx ployt0 access.log line 1
  private static final String APACHE_LINE =
      "83.149.9.216 - - [17/May/2015:10:05:03 +0000] \"GET"
          + " /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1\" 200 203023"
          + " \"http://semicomplete.com/presentations/logstash-monitorama-2013/\" \"Mozilla/5.0"
          + " (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/32.0.1700.77 Safari/537.36\"";

  @TempDir Path directory;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void captureOutput() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreOutput() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  private int parse(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "parse";
    all[1] = "--set=user.agent.enabled=false";
    System.arraycopy(args, 0, all, 2, args.length);
    return LogpulseCli.commandLine().execute(all);
  }

  @Test
  void apacheFormatStringIsRecognisedAndEveryLineParses() throws IOException {
    Path log = Files.writeString(directory.resolve("access.log"), APACHE_LINE + "\n");
    int status =
        parse("--log-format", "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\"", log.toString());
    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("\"log_format\":\"apache_custom\"")
        .contains("\"http_response_body_bytes\":203023");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("lines 1, parsed 1, rejected 0");
  }

  @Test
  void rejectedLinesGiveExitStatusOne() throws IOException {
    Path log = Files.writeString(directory.resolve("access.log"), APACHE_LINE + "\nnot a log line\n");
    assertThat(parse("--format", "apache_combined", log.toString())).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("lines 2, parsed 1, rejected 1");
  }

  @Test
  void badOptionsGiveExitStatusTwoWithTheReason() throws IOException {
    Path log = Files.writeString(directory.resolve("access.log"), APACHE_LINE + "\n");
    assertThat(parse("--format", "nginx_combinedd", log.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("log.format").contains("nginx_combinedd");
    assertThat(parse(directory.resolve("absent.log").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no such file");
    assertThat(parse("--log-format", "$remote_addr %h", log.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot tell");
  }
}
