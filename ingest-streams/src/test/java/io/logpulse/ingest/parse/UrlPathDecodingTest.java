package io.logpulse.ingest.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.schemas.AccessEvent;
import org.junit.jupiter.api.Test;

/** url_path is percent-decoded exactly once, whichever variable the server logged. */
class UrlPathDecodingTest {

  private static final LineContext CONTEXT = new LineContext("web", null, false);

  private static AccessEvent parse(LineFormat format, String line) {
    ParseResult result = new AccessLogParser(65_536, format).parse(line, CONTEXT);
    assertThat(result).isInstanceOf(ParseResult.Parsed.class);
    return ((ParseResult.Parsed) result).event();
  }

  @Test
  void requestLineTargetIsDecodedOnce() {
    // a request for /a%2541 (an encoded '%' followed by 41) and a UTF-8 name
    AccessEvent event =
        parse(
            LineFormat.auto(),
            "203.0.113.9 - - [10/Oct/2000:13:55:36 -0700] \"GET /a%2541/caf%C3%A9?q=%20 HTTP/1.1\""
                + " 200 5");
    assertThat(event.getUrlOriginal()).isEqualTo("/a%2541/caf%C3%A9?q=%20");
    assertThat(event.getUrlPath()).isEqualTo("/a%41/café");
    assertThat(event.getUrlQuery()).isEqualTo("q=%20");
  }

  @Test
  void pathsTheServerLogsDecodedAreNotDecodedAgain() {
    // nginx $uri is the normalised, decoded path: the same request logs /a%41/café there
    LineFormat nginx =
        LineFormat.nginx(
            "$remote_addr - $remote_user [$time_local] \"$request_method $uri $server_protocol\""
                + " $status $body_bytes_sent");
    AccessEvent event =
        parse(nginx, "203.0.113.9 - - [10/Oct/2000:13:55:36 -0700] \"GET /a%41/café HTTP/1.1\" 200 5");
    assertThat(event.getUrlPath()).isEqualTo("/a%41/café");

    // Apache %U likewise
    LineFormat apache = LineFormat.apache("%h %l %u %t \"%m %U%q %H\" %>s %b");
    AccessEvent fromApache =
        parse(apache, "203.0.113.9 - - [10/Oct/2000:13:55:36 -0700] \"GET /a%41/café HTTP/1.1\" 200 5");
    assertThat(fromApache.getUrlPath()).isEqualTo("/a%41/café");
  }
}
