package io.logpulse.ingest.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutePatternTest {

  @Test
  void variablesMatchExactlyOneNonEmptySegment() {
    RoutePattern pattern = RoutePattern.parse("/users/{id}/orders/{orderId}");

    assertThat(pattern.matches("/users/123/orders/9f8e")).isTrue();
    assertThat(pattern.matches("/users/123/orders/9f8e/")).isTrue();
    assertThat(pattern.matches("/users/123/orders")).isFalse();
    assertThat(pattern.matches("/users//orders/1")).isFalse();
    assertThat(pattern.matches("/users/123/orders/1/items")).isFalse();
    assertThat(pattern.matches("/Users/123/orders/1")).isFalse();
    assertThat(pattern.template()).isEqualTo("/users/{id}/orders/{orderId}");
  }

  @Test
  void doubleStarMatchesAnyRestIncludingNothing() {
    RoutePattern pattern = RoutePattern.parse("/static/**");

    assertThat(pattern.matches("/static")).isTrue();
    assertThat(pattern.matches("/static/")).isTrue();
    assertThat(pattern.matches("/static/css/site.css")).isTrue();
    assertThat(pattern.matches("/staticfiles/a")).isFalse();
    assertThat(pattern.matches("/img/static/a")).isFalse();
  }

  @Test
  void singleStarAndRootAndTrailingSlash() {
    assertThat(RoutePattern.parse("/api/*/health").matches("/api/v2/health")).isTrue();
    assertThat(RoutePattern.parse("/api/*/health").matches("/api//health")).isFalse();
    assertThat(RoutePattern.parse("/").matches("/")).isTrue();
    assertThat(RoutePattern.parse("/").matches("/index.html")).isFalse();
    assertThat(RoutePattern.parse("/docs/").matches("/docs")).isTrue();
    assertThat(RoutePattern.parse("/docs/").matches("/docs/")).isTrue();
  }

  @Test
  void nullOrRelativePathsNeverMatch() {
    assertThat(RoutePattern.parse("/**").matches(null)).isFalse();
    assertThat(RoutePattern.parse("/**").matches("*")).isFalse();
    assertThat(RoutePattern.parse("/**").matches("/anything/at/all")).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "users/{id}          | position 0: must start with '/'",
        "/users/{id          | position 7: '{' without a closing '}'",
        "/users/{}           | position 7: empty variable name",
        "/users/{i d}        | position 9: control character or space",
        "/users/{i.d}        | position 9: variable names are letters",
        "/users/x{id}        | position 8: '{' is only allowed as a whole segment",
        "/users/id}          | position 9: '}' is only allowed as a whole segment",
        "/static/**/x        | position 10: '**' must be the last segment",
        "/a*b                | position 2: '*' is only allowed as a whole segment",
      })
  void badTemplatesAreRejectedWithTheirPosition(String template, String message) {
    assertThatThrownBy(() -> RoutePattern.parse(template))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + template + "'")
        .hasMessageContaining(message);
  }

  @Test
  void emptyTemplateIsRejected() {
    assertThatThrownBy(() -> RoutePattern.parse(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("position 0");
  }
}
