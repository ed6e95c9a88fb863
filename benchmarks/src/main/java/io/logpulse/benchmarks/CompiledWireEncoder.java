package io.logpulse.benchmarks;

import java.time.Instant;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * PROTOTYPE, benchmark use only: a Confluent wire-format encoder for flat Avro records, compiled
 * once from the schema into a per-field plan, writing the same bytes as {@code
 * io.logpulse.registry.AvroWireSerializer} (the test {@code CompiledWireEncoderTest} checks this on
 * every line of the corpora).
 *
 * <p>What it avoids, compared with {@code SpecificDatumWriter} on a record that has logical types
 * (for which the Avro compiler generates no custom coders):
 *
 * <ul>
 *   <li>per union field, {@code GenericData.resolveUnion}: a schema-name lookup in a {@code
 *       HashMap} for every nullable field; here the branch index is fixed in the plan;
 *   <li>per field, the logical-type conversion lookup and the boxed {@code Long} of {@code
 *       TimestampMillisConversion}; here {@link Instant#toEpochMilli()} directly;
 *   <li>a new encoder with a 2 KiB buffer, a {@code ByteArrayOutputStream} and two more copies per
 *       record; here one reused buffer with the header in place, and one exact-size copy;
 *   <li>a {@code byte[]} per string from {@code String.getBytes(UTF_8)}; here ASCII strings are
 *       copied straight into the buffer, other strings fall back to {@code getBytes}.
 * </ul>
 *
 * Supports records whose fields are {@code string}, {@code int}, {@code long}, {@code boolean},
 * {@code long}/{@code timestamp-millis}, {@code ["null", T]} of those, and arrays of strings: what
 * {@code AccessEvent} uses. Not thread-safe: one instance per thread.
 *
 * <p>Avro binary encoding: https://avro.apache.org/docs/1.12.0/specification/#binary-encoding
 */
final class CompiledWireEncoder {

  private enum Kind {
    STRING,
    INT,
    LONG,
    BOOLEAN,
    TIMESTAMP_MILLIS,
    STRING_ARRAY
  }

  private final Kind[] kinds;
  /** Union branch index of the value, or -1 when the field is not a union. */
  private final int[] valueBranches;
  /** Union branch index of null, or -1 when the field is not a union. */
  private final int[] nullBranches;

  private final byte[] header;
  private final WireBuffer out = new WireBuffer();

  CompiledWireEncoder(Schema schema, int schemaId) {
    List<Schema.Field> fields = schema.getFields();
    kinds = new Kind[fields.size()];
    valueBranches = new int[fields.size()];
    nullBranches = new int[fields.size()];
    for (int index = 0; index < fields.size(); index++) {
      Schema fieldSchema = fields.get(index).schema();
      valueBranches[index] = -1;
      nullBranches[index] = -1;
      if (fieldSchema.getType() == Schema.Type.UNION) {
        List<Schema> branches = fieldSchema.getTypes();
        if (branches.size() != 2) {
          throw new IllegalArgumentException("Unsupported union in field " + fields.get(index));
        }
        int nullBranch = branches.get(0).getType() == Schema.Type.NULL ? 0 : 1;
        nullBranches[index] = nullBranch;
        valueBranches[index] = 1 - nullBranch;
        fieldSchema = branches.get(1 - nullBranch);
      }
      kinds[index] = kind(fieldSchema, fields.get(index).name());
    }
    header =
        new byte[] {
          0, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8),
          (byte) schemaId
        };
  }

  private static Kind kind(Schema schema, String field) {
    LogicalType logicalType = schema.getLogicalType();
    switch (schema.getType()) {
      case STRING:
        return Kind.STRING;
      case INT:
        if (logicalType == null) {
          return Kind.INT;
        }
        break;
      case LONG:
        if (logicalType == null) {
          return Kind.LONG;
        }
        if (logicalType instanceof LogicalTypes.TimestampMillis) {
          return Kind.TIMESTAMP_MILLIS;
        }
        break;
      case BOOLEAN:
        return Kind.BOOLEAN;
      case ARRAY:
        if (schema.getElementType().getType() == Schema.Type.STRING) {
          return Kind.STRING_ARRAY;
        }
        break;
      default:
        break;
    }
    throw new IllegalArgumentException("Unsupported type " + schema + " of field " + field);
  }

  /**
   * Encodes one record.
   *
   * @param record a record of the schema given to the constructor
   * @return magic byte, 4-byte schema id, Avro binary body
   * @throws NullPointerException if a non-union field is null
   */
  byte[] encode(SpecificRecordBase record) {
    out.reset(header);
    for (int index = 0; index < kinds.length; index++) {
      Object value = record.get(index);
      if (nullBranches[index] >= 0) {
        if (value == null) {
          out.writeLong(nullBranches[index]);
          continue;
        }
        out.writeLong(valueBranches[index]);
      }
      switch (kinds[index]) {
        case STRING -> out.writeString((String) value);
        case INT -> out.writeLong((Integer) value);
        case LONG -> out.writeLong((Long) value);
        case BOOLEAN -> out.writeBoolean((Boolean) value);
        case TIMESTAMP_MILLIS -> out.writeLong(((Instant) value).toEpochMilli());
        case STRING_ARRAY -> {
          @SuppressWarnings("unchecked")
          List<String> items = (List<String>) value;
          if (!items.isEmpty()) {
            out.writeLong(items.size());
            for (String item : items) {
              out.writeString(item);
            }
          }
          out.writeLong(0);
        }
      }
    }
    return out.toByteArray();
  }
}
