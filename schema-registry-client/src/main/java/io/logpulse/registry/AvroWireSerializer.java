package io.logpulse.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer writing Avro specific records in the Confluent wire format
 * ({@link ConfluentWireFormat}: magic byte 0, 4-byte big-endian schema id, Avro binary body).
 *
 * <p>On the first record for a topic it registers its schema under the subject named by the
 * Confluent TopicNameStrategy, {@code <topic>-value} (or {@code <topic>-key} after
 * {@code configure(configs, true)}), and caches the returned id per topic; later records for that
 * topic do not reach the registry. Source: Confluent documentation "Schema Registry: Formats,
 * Serializers, and Deserializers" (wire format, subject name strategy).
 *
 * <p>Thread-safe: one instance may be shared by several stream threads. {@link #close()} does not
 * close the {@link SchemaRegistryClient}, which the caller owns.
 *
 * @param <T> the generated Avro record class
 */
public final class AvroWireSerializer<T extends SpecificRecord> implements Serializer<T> {

    /** Suffix of the value subject of a topic under the TopicNameStrategy. */
    public static final String VALUE_SUBJECT_SUFFIX = "-value";

    /** Suffix of the key subject of a topic under the TopicNameStrategy. */
    public static final String KEY_SUBJECT_SUFFIX = "-key";

    private final SchemaRegistryClient client;
    private final Schema schema;
    private final DatumWriter<T> writer;
    private final ConcurrentMap<String, Integer> schemaIdsByTopic = new ConcurrentHashMap<>();
    private volatile boolean isKey;

    /**
     * Creates a serializer for record values.
     *
     * @param client the registry client used to register {@code schema}, not null; not closed by
     *     this serializer
     * @param schema the writer schema, normally the record class's {@code getClassSchema()}, not
     *     null; every serialized record must conform to it
     * @throws NullPointerException if an argument is null
     */
    public AvroWireSerializer(SchemaRegistryClient client, Schema schema) {
        this.client = Objects.requireNonNull(client, "client");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.writer = new SpecificDatumWriter<>(schema);
    }

    /**
     * The value subject of a topic under the TopicNameStrategy.
     *
     * @param topic the topic name, not null
     * @return {@code topic + "-value"}
     * @throws NullPointerException if {@code topic} is null
     */
    public static String valueSubject(String topic) {
        return Objects.requireNonNull(topic, "topic") + VALUE_SUBJECT_SUFFIX;
    }

    /**
     * Chooses between the value subject ({@code <topic>-value}, the default) and the key subject
     * ({@code <topic>-key}). Call before the first {@link #serialize(String, SpecificRecord)}.
     *
     * @param configs ignored: everything else comes from the constructor
     * @param isKey true if this serializer writes record keys
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
    }

    /**
     * Serializes a record, registering the schema for the topic on first use.
     *
     * @param topic the topic the record goes to, not null
     * @param data the record, or null
     * @return the framed bytes, or null if {@code data} is null
     * @throws SerializationException if the record does not conform to the schema (for example a
     *     null required field)
     * @throws SchemaRegistryException if the registry refuses the schema (409 incompatible, 422
     *     invalid) or cannot be reached (status -1: transient, retry or rethrow)
     */
    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        int schemaId = schemaId(Objects.requireNonNull(topic, "topic"));
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        try {
            writer.write(data, encoder);
            encoder.flush();
        } catch (IOException | AvroRuntimeException | NullPointerException | ClassCastException e) {
            throw new SerializationException("Cannot serialize a " + schema.getFullName()
                    + " for topic " + topic + ": " + e.getMessage(), e);
        }
        return ConfluentWireFormat.encode(schemaId, body.toByteArray());
    }

    private int schemaId(String topic) {
        Integer cached = schemaIdsByTopic.get(topic);
        if (cached != null) {
            return cached;
        }
        String subject = topic + (isKey ? KEY_SUBJECT_SUFFIX : VALUE_SUBJECT_SUFFIX);
        int id = client.register(subject, schema);
        schemaIdsByTopic.putIfAbsent(topic, id);
        return id;
    }
}
