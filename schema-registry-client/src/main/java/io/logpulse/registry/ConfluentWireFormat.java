package io.logpulse.registry;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The Confluent wire format of a schema-registry-framed Kafka record value (or key).
 *
 * <p>Layout, as specified in the Confluent documentation "Schema Registry: Formats, Serializers,
 * and Deserializers", section "Wire format":
 *
 * <pre>
 * offset 0      1 byte    magic byte, always {@value #MAGIC_BYTE}
 * offset 1..4   4 bytes   schema id, a big-endian signed 32-bit int assigned by the registry
 * offset 5..    n bytes   the Avro binary encoding of the datum (no container-file header)
 * </pre>
 *
 * <p>Stateless and thread-safe: static methods only. Uses only JDK classes, so it works unchanged
 * in the Kafka Streams service and in the Spark job (where {@code from_avro} cannot read the
 * header: strip it with {@link #body(byte[])} or {@code substring(value, 6)}).
 */
public final class ConfluentWireFormat {

    /** The first byte of every message in this format. */
    public static final byte MAGIC_BYTE = 0;

    /** Length in bytes of the header (magic byte and schema id) that precedes the Avro body. */
    public static final int HEADER_LENGTH = 5;

    private ConfluentWireFormat() {
    }

    /**
     * Frames an Avro binary body with the wire-format header.
     *
     * @param schemaId id of the writer schema as assigned by the registry, {@code >= 0}
     * @param avroBody Avro binary encoding of the datum, not null, may be empty; not modified
     * @return a new array of {@code HEADER_LENGTH + avroBody.length} bytes
     * @throws NullPointerException if {@code avroBody} is null
     * @throws IllegalArgumentException if {@code schemaId} is negative
     */
    public static byte[] encode(int schemaId, byte[] avroBody) {
        Objects.requireNonNull(avroBody, "avroBody");
        if (schemaId < 0) {
            throw new IllegalArgumentException("Schema id must be >= 0, was " + schemaId);
        }
        return ByteBuffer.allocate(HEADER_LENGTH + avroBody.length)
                .put(MAGIC_BYTE)
                .putInt(schemaId)
                .put(avroBody)
                .array();
    }

    /**
     * Reads the schema id from a framed message.
     *
     * @param message a framed message: magic byte, 4-byte big-endian id, Avro body
     * @return the schema id (bytes 1 to 4, big-endian)
     * @throws IllegalArgumentException if {@code message} is null, shorter than
     *     {@value #HEADER_LENGTH} bytes, or does not start with the magic byte {@value #MAGIC_BYTE}
     */
    public static int schemaId(byte[] message) {
        checkHeader(message);
        return ByteBuffer.wrap(message, 1, 4).getInt();
    }

    /**
     * Returns the Avro body of a framed message without copying it.
     *
     * @param message a framed message: magic byte, 4-byte big-endian id, Avro body
     * @return a buffer backed by {@code message} (changes to one are visible in the other) with
     *     position 0, limit and capacity equal to the body length ({@code message.length - 5},
     *     possibly 0), and {@code arrayOffset()} equal to {@value #HEADER_LENGTH}
     * @throws IllegalArgumentException if {@code message} is null, shorter than
     *     {@value #HEADER_LENGTH} bytes, or does not start with the magic byte {@value #MAGIC_BYTE}
     */
    public static ByteBuffer body(byte[] message) {
        checkHeader(message);
        return ByteBuffer.wrap(message, HEADER_LENGTH, message.length - HEADER_LENGTH).slice();
    }

    private static void checkHeader(byte[] message) {
        if (message == null) {
            throw new IllegalArgumentException("Not a Confluent wire-format message: null");
        }
        if (message.length < HEADER_LENGTH) {
            throw new IllegalArgumentException("Not a Confluent wire-format message: "
                    + message.length + " bytes, the header alone is " + HEADER_LENGTH + " bytes");
        }
        if (message[0] != MAGIC_BYTE) {
            throw new IllegalArgumentException("Not a Confluent wire-format message: magic byte is "
                    + message[0] + ", expected " + MAGIC_BYTE);
        }
    }
}
