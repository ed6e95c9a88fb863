package io.logpulse.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The JSON Schema checks used by the integration tests do reject what breaks the contract. */
class JsonContractsTest {

  private static final String ALERT =
      "{\"alert_id\":\"client_request_burst/source.ip=203.0.113.77/2026-01-15T12:07:00Z\","
          + "\"rule\":\"client_request_burst\",\"severity\":\"warning\","
          + "\"entity\":{\"type\":\"source.ip\",\"value\":\"203.0.113.77\"},"
          + "\"window\":{\"start\":\"2026-01-15T12:07:00.000Z\",\"end\":\"2026-01-15T12:08:00.000Z\"},"
          + "\"status\":\"firing\",\"window_complete\":false,\"baseline\":null,\"score\":null,"
          + "\"observed_value\":450.0,\"threshold\":300.0,\"summary\":\"s\","
          + "\"evidence\":{\"request_count\":450,\"sample_offsets\":[\"0:17\"]},"
          + "\"observed_until\":\"2026-01-15T12:07:31.000Z\","
          + "\"detected_at\":\"2026-11-21T02:39:12.345Z\"}";

  @Test
  void alertSchemaAcceptsAnAlertAndRejectsBrokenOnes() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertThat(JsonContracts.ALERT.validate(json.readTree(ALERT))).isEmpty();

    ObjectNode noId = (ObjectNode) json.readTree(ALERT);
    noId.remove("alert_id");
    assertThat(JsonContracts.ALERT.validate(noId)).isNotEmpty();

    ObjectNode badStatus = (ObjectNode) json.readTree(ALERT);
    badStatus.put("status", "acknowledged");
    assertThat(JsonContracts.ALERT.validate(badStatus)).isNotEmpty();

    ObjectNode badSeverity = (ObjectNode) json.readTree(ALERT);
    badSeverity.put("severity", "info");
    assertThat(JsonContracts.ALERT.validate(badSeverity)).isNotEmpty();
  }
}
