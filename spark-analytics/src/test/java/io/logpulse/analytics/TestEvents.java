package io.logpulse.analytics;

import io.logpulse.registry.ConfluentWireFormat;
import io.logpulse.schemas.LogpulseHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Builds Kafka-source-shaped rows (value, headers) holding wire-format AccessEvents. */
final class TestEvents {

  static final int SCHEMA_ID = 7;

  static final StructType KAFKA_ROW =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("value", DataTypes.BinaryType, true),
            DataTypes.createStructField(
                "headers",
                DataTypes.createArrayType(
                    new StructType()
                        .add("key", DataTypes.StringType)
                        .add("value", DataTypes.BinaryType)),
                true)
          });

  static final String SCHEMA_JSON = readSchema();
  private static final Schema SCHEMA = new Schema.Parser().parse(SCHEMA_JSON);

  private TestEvents() {}

  static Row event(String service, String ip, String time, int status, String userAgent) {
    return event(service, ip, time, status, userAgent, 5, null);
  }

  static Row event(
      String service, String ip, String time, int status, String userAgent, long durationMs, String user) {
    GenericRecord record = new GenericRecordBuilder(SCHEMA)
        .set("timestamp", 0L)
        .set("service_name", service)
        .set("log_format", "clf_combined")
        .set("source_address", ip)
        .set("http_response_status_code", status)
        .build();
    record.put("timestamp", Instant.parse(time).toEpochMilli());
    record.put("service_name", service);
    record.put("log_format", "clf_combined");
    record.put("source_address", ip);
    record.put("source_ip", ip);
    record.put("http_request_method", "GET");
    record.put("http_response_status_code", status);
    record.put("http_response_body_bytes", 100L);
    record.put("user_agent_original", userAgent);
    record.put("event_duration", durationMs * 1_000_000L);
    record.put("user_name", user);
    return RowFactory.create(ConfluentWireFormat.encode(SCHEMA_ID, avro(record)), new Row[0]);
  }

  static Row watermarkControl(String time) {
    Row control =
        RowFactory.create(
            LogpulseHeaders.CONTROL, LogpulseHeaders.CONTROL_WATERMARK.getBytes(StandardCharsets.UTF_8));
    Row watermark =
        RowFactory.create(
            LogpulseHeaders.WATERMARK_MS,
            Long.toString(Instant.parse(time).toEpochMilli()).getBytes(StandardCharsets.UTF_8));
    return RowFactory.create(null, List.of(control, watermark).toArray(new Row[0]));
  }

  private static byte[] avro(GenericRecord record) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
      new GenericDatumWriter<GenericRecord>(SCHEMA).write(record, encoder);
      encoder.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String readSchema() {
    try (InputStream in = TestEvents.class.getResourceAsStream("/avro/AccessEvent.avsc")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
