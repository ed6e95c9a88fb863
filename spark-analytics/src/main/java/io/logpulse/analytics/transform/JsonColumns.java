package io.logpulse.analytics.transform;

import static org.apache.spark.sql.functions.to_json;

import java.util.Map;
import org.apache.spark.sql.Column;

/** How logpulse writes rows as JSON text: UTC ISO-8601 timestamps, nulls kept as {@code null}. */
public final class JsonColumns {

  /** Options of {@code to_json}: {@code 2022-09-01T22:13:00.000Z}-style timestamps, nulls kept. */
  public static final Map<String, String> OPTIONS =
      Map.of(
          "timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
          "timeZone", "UTC",
          "ignoreNullFields", "false");

  private JsonColumns() {}

  /** @return a string column holding {@code struct} as one JSON object */
  public static Column toJson(Column struct) {
    return to_json(struct, OPTIONS);
  }
}
