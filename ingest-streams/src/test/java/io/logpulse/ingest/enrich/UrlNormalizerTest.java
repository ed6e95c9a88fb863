package io.logpulse.ingest.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import io.logpulse.schemas.AccessEvent;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlNormalizerTest {

  private static final UrlNormalizer AUTOMATIC_ONLY = new UrlNormalizer(List.of());

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/plain/path                  | /plain/path",
        "/caf%C3%A9                   | /café",
        "/caf%c3%a9                   | /café",
        "/%E2%82%AC/%F0%9F%98%80      | /€/\uD83D\uDE00",
        "/a%20b+c                     | /a b+c",
        "/a%2Fb                       | /a/b",
        "/100%                        | /100%",
        "/100%25                      | /100%",
        "/%zz/%4                      | /%zz/%4",
        "/bad%C3%28x                  | /bad%C3(x",
        "/lone%80                     | /lone%80",
        "/overlong%C0%AF              | /overlong%C0%AF",
        "/surrogate%ED%A0%80          | /surrogate%ED%A0%80",
        "/truncated%E2%82             | /truncated%E2%82",
        "/above%F4%90%80%80           | /above%F4%90%80%80",
        "/%c0%ae%c0%ae/etc/passwd     | /%c0%ae%c0%ae/etc/passwd",
        "/..%2f..%2fetc/passwd        | /../../etc/passwd",
      })
  void percentDecodesAsUtf8KeepingWhatIsNotValid(String raw, String decoded) {
    assertThat(UrlNormalizer.percentDecode(raw)).isEqualTo(decoded);
  }

  @Test
  void pathWithoutEscapeIsReturnedAsIs() {
    String raw = "/no/escape/here";
    assertThat(UrlNormalizer.percentDecode(raw)).isSameAs(raw);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/                                                  | /",
        "/api/v1/users                                      | /api/v1/users",
        "/users/123/orders/9f8e7d6c5b4a39281706f5e4d3c2b1a0 | /users/{id}/orders/{hash}",
        "/users/123/orders/9F8E7D6C5B4A3928                 | /users/{id}/orders/{hash}",
        "/items/123e4567-e89b-12d3-a456-426614174000        | /items/{uuid}",
        "/reports/2024-01-02/summary                        | /reports/{date}/summary",
        "/reports/2024-13-02                                | /reports/{id}",
        "/img/123.png                                       | /img/{id}.png",
        "/js/app.9e107d9d372bb6826bd81d3542a419d6.js        | /js/{id}.js",
        "/js/9e107d9d372bb6826bd81d3542a419d6.min.js        | /js/{id}.js",
        "/assets/9e107d9d372bb6826bd81d3542a419d6.js        | /assets/{hash}.js",
        "/index.php                                         | /index.php",
        "/wp-login.php                                      | /wp-login.php",
        "/blog/how-to-write-a-parser                        | /blog/how-to-write-a-parser",
        "/order/ab12cd34                                    | /order/{id}",
        "/user-123456/profile                               | /{id}/profile",
        "/x86_64/v2/page2                                   | /x86_64/v2/page2",
        "/c/01ARZ3NDEKTSV4RRFFQ69G5FAV                      | /c/{token}",
        "/reset/dGhpcyBpcyBhIHRva2VuMTIz                    | /reset/{token}",
        "/u/jane.doe@example.com/settings                   | /u/{token}/settings",
        "/a//b/                                             | /a//b/",
        "*                                                  | *",
        "/static/%zz                                        | /static/%zz",
      })
  void automaticTemplatesReplaceValueSegments(String path, String route) {
    assertThat(AUTOMATIC_ONLY.route(path)).isEqualTo(route);
  }

  @Test
  void firstMatchingUserRouteWinsOverAutomaticTemplating() {
    UrlNormalizer normalizer =
        new UrlNormalizer(
            List.of(
                RoutePattern.parse("/users/{userId}/orders/{orderId}"),
                RoutePattern.parse("/users/**"),
                RoutePattern.parse("/static/**")));

    assertThat(normalizer.route("/users/7/orders/x")).isEqualTo("/users/{userId}/orders/{orderId}");
    assertThat(normalizer.route("/users/7/profile")).isEqualTo("/users/**");
    assertThat(normalizer.route("/static/css/9e107d9d372bb682.css")).isEqualTo("/static/**");
    assertThat(normalizer.route("/products/42")).isEqualTo("/products/{id}");
  }

  @Test
  void enrichTemplatesThePathTheParserDecoded() {
    // the parser writes url_path decoded (UrlPaths): "/files/caf%C3%A9/123%2F456" as sent
    AccessEvent event = Events.withPath("/files/café/123/456");

    AUTOMATIC_ONLY.enrich(event);

    assertThat(event.getUrlPath()).as("not decoded a second time").isEqualTo("/files/café/123/456");
    assertThat(event.getHttpRoute()).isEqualTo("/files/café/{id}/{id}");

    AccessEvent alreadyDecoded = Events.withPath("/a%41");
    AUTOMATIC_ONLY.enrich(alreadyDecoded);
    assertThat(alreadyDecoded.getUrlPath()).isEqualTo("/a%41");
  }

  @Test
  void nullPathGivesNullRoute() {
    AccessEvent event = Events.withPath(null);
    event.setHttpRoute("stale");

    AUTOMATIC_ONLY.enrich(event);

    assertThat(event.getUrlPath()).isNull();
    assertThat(event.getHttpRoute()).isNull();
  }

  @Test
  void longSegmentsBecomeTokens() {
    String jwtLike = "eyJhbGciOiJIUzI1NiJ9." + "a".repeat(60) + ".sig";
    assertThat(AUTOMATIC_ONLY.route("/auth/" + jwtLike)).isEqualTo("/auth/{token}");
  }

  @Test
  void manySegmentsAreCappedWithTheMarker() {
    StringBuilder path = new StringBuilder();
    for (int index = 0; index < 40; index++) {
      path.append("/s").append((char) ('a' + index % 26));
    }

    String route = AUTOMATIC_ONLY.route(path.toString());

    assertThat(route.split("/", -1)).hasSize(UrlNormalizer.MAX_ROUTE_SEGMENTS + 2);
    assertThat(route).startsWith("/sa/sb/sc/").endsWith("/sp/" + UrlNormalizer.TRUNCATED);
  }

  @Test
  void longRoutesAreCutAtASegmentBoundaryWithTheMarker() {
    String word = "abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz"; // 53 chars, kept
    String path = "/" + word + "/" + word + "/" + word + "/" + word + "/end";

    String route = AUTOMATIC_ONLY.route(path);

    assertThat(route).hasSizeLessThanOrEqualTo(UrlNormalizer.MAX_ROUTE_CHARS);
    assertThat(route).isEqualTo("/" + word + "/" + word + "/" + word + "/" + UrlNormalizer.TRUNCATED);
  }

  @Test
  void everyRouteIsBoundedWhateverThePath() {
    Random random = new Random(42);
    String alphabet = "/ab0%-._~@é\u0000Z9";
    for (int run = 0; run < 2000; run++) {
      StringBuilder path = new StringBuilder("/");
      int length = random.nextInt(600);
      for (int index = 0; index < length; index++) {
        path.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      AccessEvent event = Events.withPath(path.toString());
      AUTOMATIC_ONLY.enrich(event);
      assertThat(event.getHttpRoute()).hasSizeLessThanOrEqualTo(UrlNormalizer.MAX_ROUTE_CHARS);
    }
  }
}
