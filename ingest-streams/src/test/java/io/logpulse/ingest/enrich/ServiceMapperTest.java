package io.logpulse.ingest.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpulse.schemas.AccessEvent;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServiceMapperTest {

  private static final ServiceMapper MAPPER =
      new ServiceMapper(
          List.of(
              ServiceRule.parse("path:/api/payments=payments"),
              ServiceRule.parse("host:*.shop.example.com=shop"),
              ServiceRule.parse("host:admin.example.com=admin"),
              ServiceRule.parse("path:/static/=assets"),
              ServiceRule.parse("field:url_domain")));

  private static AccessEvent event(String domain, String path) {
    AccessEvent event = Events.withPath(path);
    event.setUrlDomain(domain);
    return event;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "eu.shop.example.com | /api/payments/1 | payments",
        "eu.shop.example.com | /cart           | shop",
        "a.b.shop.example.com| /cart           | shop",
        "EU.Shop.Example.com | /cart           | shop",
        "shop.example.com    | /cart           | shop.example.com",
        "admin.example.com   | /               | admin",
        "xadmin.example.com  | /               | xadmin.example.com",
        "other.org           | /api/paymentsX  | other.org",
        "other.org           | /api/payments   | payments",
        "other.org           | /static/app.js  | assets",
        "null                | /static         | default-service",
        "null                | /cart           | default-service",
        "''                  | null            | default-service",
      })
  void firstApplyingRuleWinsElseTheExistingValueStays(String domain, String path, String service) {
    AccessEvent event = event(domain, path);

    MAPPER.enrich(event);

    assertThat(event.getServiceName()).isEqualTo(service);
  }

  @Test
  void noRulesChangeNothing() {
    AccessEvent event = event("a.example.com", "/x");
    new ServiceMapper(List.of()).enrich(event);
    assertThat(event.getServiceName()).isEqualTo("default-service");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "nohost.example.com=x      | expected host:<glob>=<service>",
        "host:*.example.com        | missing '=<service>'",
        "host:=svc                 | empty host glob",
        "host:*.example.com=       | empty service name",
        "path:api=svc              | must start with '/'",
        "field:no_such_field       | 'no_such_field' is not a field of AccessEvent",
        "field:http_response_status_code | not a string field",
      })
  void badRulesAreRejectedNamingTheRule(String rule, String message) {
    assertThatThrownBy(() -> ServiceRule.parse(rule))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + rule + "'")
        .hasMessageContaining(message);
  }

  @Test
  void globMatchingBacktracks() {
    assertThat(ServiceRule.globMatches("*.example.com", "a.example.com.example.com")).isTrue();
    assertThat(ServiceRule.globMatches("*.example.com", "example.com")).isFalse();
    assertThat(ServiceRule.globMatches("api-*-prod.*", "api-eu-west-prod.example.org")).isTrue();
    assertThat(ServiceRule.globMatches("api-*-prod.*", "api-eu-west-test.example.org")).isFalse();
    assertThat(ServiceRule.globMatches("*", "")).isTrue();
  }
}
