package io.logpulse.analytics.transform;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.conv;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.raise_error;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import io.logpulse.schemas.LogpulseHeaders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.avro.functions;

/**
 * Decodes Kafka records of the events topic (Confluent wire format: magic byte 0, 4-byte big-endian
 * schema id, Avro binary body) into one column per {@code AccessEvent} field.
 *
 * <p>Each body is read with the writer schema its id names and resolved to the reader schema (Avro
 * schema resolution), so records written by older compatible producers decode into the same shape.
 * Writer schemas are those registered when the query was planned; a record with another id fails
 * the query with a message saying so (restart the job to load newly registered versions).
 *
 * <p>Control records (null value, {@value LogpulseHeaders#CONTROL} header) are kept with {@link
 * #IS_CONTROL} true and {@link #EVENT_TIME} taken from their {@value LogpulseHeaders#WATERMARK_MS}
 * header, so that they can advance the watermark; callers drop them after {@code withWatermark}.
 */
public final class AccessEventDecoder {

  /** Timestamp column: the event's {@code timestamp}, or a control record's watermark time. */
  public static final String EVENT_TIME = "event_time";

  /**
   * String column: where the record is on the events topic, {@code <partition>:<offset>}; null when
   * the input has no {@code partition} and {@code offset} columns (tests).
   */
  public static final String EVENTS_TOPIC_OFFSET = "events_topic_offset";

  /** Boolean column: true for control records, which carry no event. */
  public static final String IS_CONTROL = "is_control";

  private static final String DECODED = "decoded_event";

  private final SortedMap<Integer, String> writerSchemasById;
  private final String readerSchema;

  /**
   * @param writerSchemasById Avro schema JSON by registry id; not empty
   * @param readerSchema the Avro schema JSON the job reads with (the current {@code AccessEvent})
   * @throws IllegalArgumentException when no writer schema is given
   */
  public AccessEventDecoder(Map<Integer, String> writerSchemasById, String readerSchema) {
    if (writerSchemasById.isEmpty()) {
      throw new IllegalArgumentException("at least one writer schema is required");
    }
    this.writerSchemasById = new TreeMap<>(writerSchemasById);
    this.readerSchema = readerSchema;
  }

  /**
   * A decoder that reads only {@code fields} (plus {@code timestamp}): its reader schema is the
   * reader schema with the other fields left out, so Avro schema resolution skips them in the
   * body instead of decoding them into strings and rows. Decoding is most of a window query's
   * CPU time (measured with {@code logpulse bench-spark}); each query asks for what it reads.
   *
   * @param fields AccessEvent field names, in any order
   * @return a decoder whose rows have only {@code timestamp} and {@code fields} of the event (in
   *     schema order) plus the decoder's own columns
   * @throws IllegalArgumentException when a name is not a field of the reader schema
   */
  public AccessEventDecoder projecting(Collection<String> fields) {
    Schema full = new Schema.Parser().parse(readerSchema);
    Set<String> wanted = new HashSet<>(fields);
    wanted.add("timestamp");
    for (String field : wanted) {
      if (full.getField(field) == null) {
        throw new IllegalArgumentException(
            "no field " + field + " in the reader schema " + full.getFullName());
      }
    }
    List<Schema.Field> kept = new ArrayList<>();
    for (Schema.Field field : full.getFields()) {
      if (wanted.contains(field.name())) {
        kept.add(new Schema.Field(field, field.schema()));
      }
    }
    Schema projected =
        Schema.createRecord(full.getName(), full.getDoc(), full.getNamespace(), false, kept);
    return new AccessEventDecoder(writerSchemasById, projected.toString());
  }

  /**
   * @param kafkaRecords rows with at least {@code value} (binary) and {@code headers}
   *     (array&lt;struct&lt;key: string, value: binary&gt;&gt;), as the Kafka source reads them with
   *     {@code includeHeaders=true}
   * @return one row per input row: the AccessEvent fields (null for control records), {@link
   *     #EVENT_TIME}, {@link #IS_CONTROL} and {@link #EVENTS_TOPIC_OFFSET}; rows without an event time are dropped
   */
  public Dataset<Row> apply(Dataset<Row> kafkaRecords) {
    Column value = col("value");
    Column schemaId = conv(hex(substring(value, 2, 4)), 16, 10).cast("int");
    Column body = expr("substring(value, 6)");
    Map<String, String> options = Map.of("avroSchema", readerSchema, "mode", "FAILFAST");

    Column decoded = null;
    for (Map.Entry<Integer, String> writer : writerSchemasById.entrySet()) {
      Column branch = functions.from_avro(body, writer.getValue(), options);
      Column condition = schemaId.equalTo(writer.getKey());
      decoded = decoded == null ? when(condition, branch) : decoded.when(condition, branch);
    }
    Column unknownId =
        raise_error(
            concat(
                lit("events topic record with schema id "),
                schemaId.cast("string"),
                lit(
                    " or bad magic byte; known ids: "
                        + writerSchemasById.keySet()
                        + ". Restart spark-analytics to load schema versions registered after it"
                        + " started.")));
    decoded =
        when(value.isNull(), lit(null))
            .when(substring(value, 1, 1).notEqual(lit(new byte[] {0})), unknownId)
            .otherwise(decoded.otherwise(unknownId));

    Column isControl =
        expr("exists(headers, h -> h.key = '" + LogpulseHeaders.CONTROL + "')");
    Column watermarkMillis =
        expr(
            "cast(cast(element_at(filter(headers, h -> h.key = '"
                + LogpulseHeaders.WATERMARK_MS
                + "'), 1).value as string) as bigint)");

    List<String> columns = Arrays.asList(kafkaRecords.columns());
    Column position =
        columns.contains("partition") && columns.contains("offset")
            ? concat(col("partition").cast("string"), lit(":"), col("offset").cast("string"))
            : lit(null).cast("string");
    Dataset<Row> withEvent =
        kafkaRecords.select(
            decoded.as(DECODED),
            coalesce(isControl, lit(false)).as(IS_CONTROL),
            watermarkMillis.as("watermark_ms"),
            position.as(EVENTS_TOPIC_OFFSET));
    return withEvent
        .select(
            col(DECODED + ".*"),
            coalesce(col(DECODED + ".timestamp"), expr("timestamp_millis(watermark_ms)"))
                .as(EVENT_TIME),
            col(IS_CONTROL),
            col(EVENTS_TOPIC_OFFSET))
        .where(col(EVENT_TIME).isNotNull());
  }
}
