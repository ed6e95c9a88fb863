package io.logpulse.analytics.transform;

import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.conv;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.hex;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.spark_partition_id;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;

import io.logpulse.schemas.LogpulseHeaders;
import java.nio.ByteBuffer;
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
 * Writer schemas are those registered when the query was planned.
 *
 * <p>A record that cannot be decoded never stops a query: a bad magic byte, a schema id registered
 * after the job started (restart it to load the new versions), or a body that is not Avro of its
 * writer schema. {@link #apply} leaves such records out; {@link #undecodable} returns them with the
 * reason, for the dead-letter query ({@code AnalyticsJob}) to write them where a person can see them.
 * {@link #apply} decodes a body only as far as the last field the job reads (see the three-argument
 * constructor), while {@link #undecodable} checks it whole: a body broken only after those fields is
 * counted by every query and reported as {@value #MALFORMED_AVRO_TAIL}.
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
  private static final String DECODING_BARRIER = "decoding_barrier";
  private static final int WIRE_HEADER_BYTES = 5;

  /** Reason codes of {@link #undecodable}. */
  public static final String BAD_MAGIC_BYTE = "bad_magic_byte";

  public static final String UNKNOWN_SCHEMA_ID = "unknown_schema_id";
  public static final String MALFORMED_AVRO = "malformed_avro";
  /**
   * The body is not Avro of its writer schema after the fields the job reads: every query decodes
   * its event like any other (see the three-argument constructor).
   */
  public static final String MALFORMED_AVRO_TAIL = "malformed_avro_tail";

  private final SortedMap<Integer, String> writerSchemasById;
  /** {@link #writerSchemasById}, each cut after the last of the fields the job reads. */
  private final SortedMap<Integer, String> writerPrefixesById;
  private final String readerSchema;

  /**
   * A decoder that reads every field of {@code readerSchema}, each body as far as the last field
   * the reader schema knows (to its end, unless a newer writer added fields after it).
   *
   * @param writerSchemasById Avro schema JSON by registry id; not empty
   * @param readerSchema the Avro schema JSON the job reads with (the current {@code AccessEvent});
   *     a record with a {@code timestamp} field
   * @throws IllegalArgumentException when no writer schema is given, or the reader schema has no
   *     {@code timestamp} field
   * @throws org.apache.avro.SchemaParseException when a schema is not valid Avro
   * @throws org.apache.avro.AvroRuntimeException when a schema is not a record
   */
  public AccessEventDecoder(Map<Integer, String> writerSchemasById, String readerSchema) {
    this(writerSchemasById, readerSchema, fieldNames(readerSchema));
  }

  /**
   * A decoder that decodes each body only as far as the last of {@code fieldsRead} in its writer
   * schema: the Avro specification encodes a record as its fields' values in the order declared,
   * so the first bytes of a body are a body of the writer schema cut after that field. Decoding
   * stops there instead of skipping every later field to the record's end ({@code
   * ResolvingDecoder.drain}), which was half of a window query's decoding time. Spark 3.5's {@code
   * from_avro} does not check for bytes after the record; {@code AccessEventDecoderTest} would
   * show a version that does.
   *
   * <p>Every {@link #projecting projection} keeps the same cut, so every query decodes a body that
   * is broken only after the cut like any other (late events are still dropped), and {@link
   * #undecodable} reports it as {@value #MALFORMED_AVRO_TAIL}; one broken before the cut is
   * {@value #MALFORMED_AVRO}. (A query skips the fields it does not read instead of decoding them,
   * and Avro skips some malformed values without failing, so a body labelled {@value
   * #MALFORMED_AVRO} may still decode in a query that reads fewer fields.)
   *
   * @param writerSchemasById Avro schema JSON by registry id; not empty
   * @param readerSchema the Avro schema JSON the job reads with (the current {@code AccessEvent})
   * @param fieldsRead every reader field some query of the job reads ({@code timestamp} is always
   *     read); {@link #projecting} accepts no other
   * @throws IllegalArgumentException when no writer schema is given, or a name in {@code
   *     fieldsRead} (or {@code timestamp}) is not a field of the reader schema
   * @throws org.apache.avro.SchemaParseException when a schema is not valid Avro
   * @throws org.apache.avro.AvroRuntimeException when a schema is not a record
   */
  public AccessEventDecoder(
      Map<Integer, String> writerSchemasById, String readerSchema, Collection<String> fieldsRead) {
    if (writerSchemasById.isEmpty()) {
      throw new IllegalArgumentException("at least one writer schema is required");
    }
    this.writerSchemasById = new TreeMap<>(writerSchemasById);
    Schema reader = project(readerSchema, fieldsRead);
    this.readerSchema = reader.toString();
    this.writerPrefixesById = new TreeMap<>();
    this.writerSchemasById.forEach(
        (id, writer) -> writerPrefixesById.put(id, prefixRead(writer, reader)));
  }

  private AccessEventDecoder(
      SortedMap<Integer, String> writerSchemasById,
      SortedMap<Integer, String> writerPrefixesById,
      String readerSchema) {
    this.writerSchemasById = writerSchemasById;
    this.writerPrefixesById = writerPrefixesById;
    this.readerSchema = readerSchema;
  }

  private static List<String> fieldNames(String schemaJson) {
    return new Schema.Parser()
        .parse(schemaJson).getFields().stream().map(Schema.Field::name).toList();
  }

  /**
   * The writer schema cut after the last field {@code reader} reads from it (by name or alias).
   *
   * @return {@code writerJson} itself when the reader reads its last field or none of its fields
   */
  private static String prefixRead(String writerJson, Schema reader) {
    Schema writer = new Schema.Parser().parse(writerJson);
    Set<String> readNames = new HashSet<>();
    for (Schema.Field field : reader.getFields()) {
      readNames.add(field.name());
      readNames.addAll(field.aliases());
    }
    List<Schema.Field> fields = writer.getFields();
    int last = -1;
    for (int i = 0; i < fields.size(); i++) {
      if (readNames.contains(fields.get(i).name())) {
        last = i;
      }
    }
    if (last < 0 || last == fields.size() - 1) {
      return writerJson;
    }
    return withFields(writer, fields.subList(0, last + 1)).toString();
  }

  /** {@code record}'s name, namespace, doc and aliases with copies of {@code fields}. */
  private static Schema withFields(Schema record, List<Schema.Field> fields) {
    List<Schema.Field> copies = new ArrayList<>();
    for (Schema.Field field : fields) {
      copies.add(new Schema.Field(field, field.schema()));
    }
    Schema copy =
        Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, copies);
    record.getAliases().forEach(copy::addAlias);
    return copy;
  }

  /**
   * @return {@code schemaJson}'s record with only {@code fields} and {@code timestamp}, in schema
   *     order
   * @throws IllegalArgumentException when a name is not a field of the schema
   */
  private static Schema project(String schemaJson, Collection<String> fields) {
    Schema full = new Schema.Parser().parse(schemaJson);
    Set<String> wanted = new HashSet<>(fields);
    wanted.add("timestamp");
    for (String field : wanted) {
      if (full.getField(field) == null) {
        throw new IllegalArgumentException(
            "field "
                + field
                + " is not one this decoder reads, "
                + full.getFields().stream().map(Schema.Field::name).toList()
                + " (a field a query reads belongs in AnalyticsJob.FIELDS_READ)");
      }
    }
    List<Schema.Field> kept = new ArrayList<>();
    for (Schema.Field field : full.getFields()) {
      if (wanted.contains(field.name())) {
        kept.add(field);
      }
    }
    return withFields(full, kept);
  }

  /**
   * A decoder that reads only {@code fields} (plus {@code timestamp}): its reader schema is this
   * reader schema with the other fields left out, so Avro schema resolution skips them in the
   * body instead of decoding them into strings and rows. Decoding is a large part of a window
   * query's CPU time (measured with {@code logpulse bench-spark}); each query asks for what it
   * reads. The projection decodes each body as far as this decoder does (see the three-argument
   * constructor).
   *
   * @param fields AccessEvent field names, in any order
   * @return a decoder whose rows have only {@code timestamp} and {@code fields} of the event (in
   *     schema order) plus the decoder's own columns
   * @throws IllegalArgumentException when a name is not a field of this decoder's reader schema
   */
  public AccessEventDecoder projecting(Collection<String> fields) {
    return new AccessEventDecoder(
        writerSchemasById, writerPrefixesById, project(readerSchema, fields).toString());
  }

  /**
   * @param kafkaRecords rows with at least {@code value} (binary) and {@code headers}
   *     (array&lt;struct&lt;key: string, value: binary&gt;&gt;), as the Kafka source reads them with
   *     {@code includeHeaders=true}
   * @return one row per input row that is an event or a control record: the AccessEvent fields
   *     (null for control records), {@link #EVENT_TIME}, {@link #IS_CONTROL} and {@link
   *     #EVENTS_TOPIC_OFFSET}; rows without an event time (undecodable records among them) are
   *     dropped
   */
  public Dataset<Row> apply(Dataset<Row> kafkaRecords) {
    Column headerKeys = col("headers").getField("key");
    Column isControl = array_contains(headerKeys, LogpulseHeaders.CONTROL);
    Column watermarkIndex = array_position(headerKeys, LogpulseHeaders.WATERMARK_MS).cast("int");
    Column watermarkMillis =
        when(
            watermarkIndex.gt(0),
            element_at(col("headers").getField("value"), watermarkIndex)
                .cast("string")
                .cast("bigint"));

    List<String> columns = Arrays.asList(kafkaRecords.columns());
    Column position =
        columns.contains("partition") && columns.contains("offset")
            ? concat(col("partition").cast("string"), lit(":"), col("offset").cast("string"))
            : lit(null).cast("string");
    Dataset<Row> withEvent =
        kafkaRecords.select(
            decoded(writerPrefixesById).as(DECODED),
            coalesce(isControl, lit(false)).as(IS_CONTROL),
            watermarkMillis.as("watermark_ms"),
            position.as(EVENTS_TOPIC_OFFSET),
            spark_partition_id().as(DECODING_BARRIER));
    // Spark 3.5 pushes a filter through a projection by inlining the projected expressions into
    // it (PushPredicateThroughNonJoin), so this filter, and any later one on an event field, would
    // run from_avro a second time for every record. SPARK-47672 (Spark 4.2) keeps only filters on
    // expressions marked expensive from being pushed, and from_avro is not one: keep the barrier
    // while eachBodyIsDecodedOnceWhateverFiltersFollow needs it. Spark does not push a filter
    // through a projection with a non-deterministic column (SPARK-13473); the filter reads that
    // column, so that column pruning keeps it. The cost: no later filter runs before decoding
    // either. logpulse bench-spark measured the gain (README).
    return withEvent
        .select(
            col(DECODED + ".*"),
            coalesce(
                    col(DECODED + ".timestamp"),
                    when(col(IS_CONTROL), expr("timestamp_millis(watermark_ms)")))
                .as(EVENT_TIME),
            col(IS_CONTROL),
            col(EVENTS_TOPIC_OFFSET),
            col(DECODING_BARRIER))
        .where(col(EVENT_TIME).isNotNull().and(col(DECODING_BARRIER).geq(0)))
        .drop(DECODING_BARRIER);
  }

  /**
   * The records of {@code kafkaRecords} that hold a value but no decodable event.
   *
   * @param kafkaRecords Kafka source rows, as for {@link #apply}, plus {@code topic}, {@code
   *     partition} and {@code offset}
   * @return the undecodable records: {@code topic}, {@code partition}, {@code offset}, {@code
   *     value} (the bytes as read), {@code schema_id} (bigint; null when the value is shorter than 5
   *     bytes), {@code reason} ({@value #BAD_MAGIC_BYTE}, {@value #UNKNOWN_SCHEMA_ID}, {@value
   *     #MALFORMED_AVRO}: left out of every query, or {@value #MALFORMED_AVRO_TAIL}: the body is
   *     broken only after the fields the job reads, so every query counts its event) and {@code
   *     message}
   */
  public Dataset<Row> undecodable(Dataset<Row> kafkaRecords) {
    Column value = col("value");
    Column reason =
        when(substring(value, 1, 1).notEqual(lit(new byte[] {0})).or(length(value).lt(5)), lit(BAD_MAGIC_BYTE))
            .when(not(knownSchemaId()), lit(UNKNOWN_SCHEMA_ID))
            .when(decoded(writerPrefixesById).getField("timestamp").isNotNull(), lit(MALFORMED_AVRO_TAIL))
            .otherwise(lit(MALFORMED_AVRO));
    Column message =
        when(reason.equalTo(BAD_MAGIC_BYTE),
                lit("not in the Confluent wire format (magic byte 0, 4-byte schema id, Avro body)"))
            .when(reason.equalTo(UNKNOWN_SCHEMA_ID),
                concat(
                    lit("schema id "), schemaId().cast("string"),
                    lit(" is not one of " + writerSchemasById.keySet()
                        + " known when spark-analytics started; restart it to load schema versions"
                        + " registered since")))
            .when(reason.equalTo(MALFORMED_AVRO_TAIL),
                concat(
                    lit("the body is not Avro of writer schema "), schemaId().cast("string"),
                    lit(" after the fields the queries read: its event is counted by every query")))
            .otherwise(
                concat(lit("the body is not Avro of writer schema "), schemaId().cast("string")));
    return kafkaRecords
        // PERMISSIVE from_avro gives a struct of nulls for a bad body; timestamp is a required field
        .where(value.isNotNull().and(decoded(writerSchemasById).getField("timestamp").isNull()))
        .select(
            col("topic"),
            col("partition"),
            col("offset"),
            value,
            when(length(value).geq(5), schemaId()).as("schema_id"),
            reason.as("reason"),
            message.as("message"));
  }

  /** The 4-byte id as a {@code bigint}: ids of 2<sup>31</sup> and more stay numbers. */
  private static Column schemaId() {
    return conv(hex(substring(col("value"), 2, 4)), 16, 10).cast("bigint");
  }

  private Column knownSchemaId() {
    return schemaId().isin(writerSchemasById.keySet().toArray());
  }

  /**
   * The event struct: null for a null value, a value not in the wire format or an unknown schema
   * id; all fields null for a body that does not decode ({@code from_avro} in {@code PERMISSIVE}
   * mode).
   *
   * <p>The first five bytes (magic byte 0 and the big-endian id) are compared with each known
   * writer's header as one binary value, instead of reading the id through hex and base
   * conversion.
   */
  private Column decoded(Map<Integer, String> writers) {
    Column header = substring(col("value"), 1, WIRE_HEADER_BYTES);
    Column body = expr("substring(value, " + (WIRE_HEADER_BYTES + 1) + ")");
    Map<String, String> options = Map.of("avroSchema", readerSchema, "mode", "PERMISSIVE");
    Column decoded = null;
    for (Map.Entry<Integer, String> writer : writers.entrySet()) {
      Column branch = functions.from_avro(body, writer.getValue(), options);
      Column condition = header.equalTo(lit(wireHeader(writer.getKey())));
      decoded = decoded == null ? when(condition, branch) : decoded.when(condition, branch);
    }
    return decoded;
  }

  /** The Confluent wire-format header of a record written with schema {@code id}. */
  private static byte[] wireHeader(int id) {
    return ByteBuffer.allocate(WIRE_HEADER_BYTES).put((byte) 0).putInt(id).array();
  }
}
