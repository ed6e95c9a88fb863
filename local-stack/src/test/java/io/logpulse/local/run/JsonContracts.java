package io.logpulse.local.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The JSON Schemas of module {@code schemas}, for checking what the pipeline really writes. */
final class JsonContracts {

  static final JsonSchema ALERT = load("/json-schema/alert.schema.json");
  static final JsonSchema WINDOW_METRICS = load("/json-schema/window-metrics.schema.json");
  static final JsonSchema SYSTEM_HEALTH = load("/json-schema/system-health.schema.json");
  static final JsonSchema CLIENT_METRICS = load("/json-schema/client-metrics.schema.json");

  private JsonContracts() {}

  static void assertValid(JsonSchema schema, JsonNode document) {
    assertThat(schema.validate(document)).as("schema violations of %s", document).isEmpty();
  }

  private static JsonSchema load(String resource) {
    try (InputStream in = JsonContracts.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
