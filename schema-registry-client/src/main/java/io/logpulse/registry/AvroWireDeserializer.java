package io.logpulse.registry;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer reading Avro specific records from the Confluent wire format
 * ({@link ConfluentWireFormat}: magic byte 0, 4-byte big-endian schema id, Avro binary body).
 *
 * <p>It looks up the writer schema by the id in the message (cached by the client for good) and
 * resolves it against the reader schema given to the constructor with Avro schema resolution
 * (Avro specification, "Schema Resolution"), so records written with older or newer compatible
 * schemas decode into the current class. One datum reader is cached per writer schema id.
 *
 * <p>Failure policy: malformed data (no or wrong header, an id unknown to the registry, a body
 * that does not decode) is a {@link SerializationException}, for the caller's dead-letter path.
 * A registry that cannot be reached or answers 5xx is a {@link SchemaRegistryException}, a
 * transient error to retry or rethrow, never dead-letter.
 *
 * <p>Thread-safe. {@link #close()} does not close the {@link SchemaRegistryClient}.
 *
 * @param <T> the generated Avro record class
 */
public final class AvroWireDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    /** Confluent error code "schema not found"; a bare 404 may be a wrong registry URL. */
    private static final int SCHEMA_NOT_FOUND = 40403;

    private final SchemaRegistryClient client;
    private final Schema readerSchema;
    private final SpecificData specificData;
    private final ConcurrentMap<Integer, DatumReader<T>> readersByWriterId =
            new ConcurrentHashMap<>();

    /**
     * Creates a deserializer.
     *
     * @param client the registry client used to fetch writer schemas, not null; not closed by
     *     this deserializer
     * @param readerSchema the schema of the generated class to decode into, normally its
     *     {@code getClassSchema()}, not null
     * @throws NullPointerException if an argument is null
     */
    public AvroWireDeserializer(SchemaRegistryClient client, Schema readerSchema) {
        this.client = Objects.requireNonNull(client, "client");
        this.readerSchema = Objects.requireNonNull(readerSchema, "readerSchema");
        this.specificData = SpecificData.getForSchema(readerSchema);
    }

    /**
     * Deserializes a framed record.
     *
     * @param topic the topic the record came from, used in error messages only; may be null
     * @param data the framed bytes, or null
     * @return the decoded record, or null if {@code data} is null
     * @throws SerializationException if the data is not in the wire format, names a schema id
     *     the registry does not know (error code 40403), or does not decode with that writer
     *     schema into the reader schema
     * @throws SchemaRegistryException if the registry fails otherwise (status -1 for I/O errors
     *     and timeouts, 5xx, a 404 without error code 40403 such as a wrong base URL): a
     *     transient or configuration error, to retry or rethrow, never dead-letter
     */
    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int writerSchemaId;
        try {
            writerSchemaId = ConfluentWireFormat.schemaId(data);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("Cannot deserialize a record from topic " + topic
                    + ": " + e.getMessage(), e);
        }
        DatumReader<T> reader = readerFor(writerSchemaId, topic);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data,
                ConfluentWireFormat.HEADER_LENGTH, data.length - ConfluentWireFormat.HEADER_LENGTH,
                null);
        try {
            return reader.read(null, decoder);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException
                | ClassCastException e) {
            throw new SerializationException("Cannot decode a record from topic " + topic
                    + " written with schema id " + writerSchemaId + " as "
                    + readerSchema.getFullName() + ": " + e.getMessage(), e);
        }
    }

    private DatumReader<T> readerFor(int writerSchemaId, String topic) {
        DatumReader<T> cached = readersByWriterId.get(writerSchemaId);
        if (cached != null) {
            return cached;
        }
        Schema writerSchema;
        try {
            writerSchema = client.schemaById(writerSchemaId);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SCHEMA_NOT_FOUND) {
                throw new SerializationException("Record from topic " + topic
                        + " names schema id " + writerSchemaId + ", unknown to the registry", e);
            }
            throw e;
        }
        DatumReader<T> reader = new SpecificDatumReader<>(writerSchema, readerSchema, specificData);
        DatumReader<T> previous = readersByWriterId.putIfAbsent(writerSchemaId, reader);
        return previous == null ? reader : previous;
    }
}
