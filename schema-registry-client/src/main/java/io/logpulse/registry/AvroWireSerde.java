package io.logpulse.registry;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for Avro specific records in the Confluent wire format: an
 * {@link AvroWireSerializer} (registers under {@code <topic>-value}) and an
 * {@link AvroWireDeserializer} (resolves the writer schema by id against the same schema as
 * reader schema). Thread-safe; {@link #close()} does not close the {@link SchemaRegistryClient}.
 *
 * @param <T> the generated Avro record class
 */
public final class AvroWireSerde<T extends SpecificRecord> implements Serde<T> {

    private final AvroWireSerializer<T> serializer;
    private final AvroWireDeserializer<T> deserializer;

    /**
     * Creates a serde.
     *
     * @param client the registry client, not null; not closed by this serde
     * @param schema the record class's schema ({@code getClassSchema()}), used as writer schema
     *     when serializing and as reader schema when deserializing; not null
     * @throws NullPointerException if an argument is null
     */
    public AvroWireSerde(SchemaRegistryClient client, Schema schema) {
        this.serializer = new AvroWireSerializer<>(client, schema);
        this.deserializer = new AvroWireDeserializer<>(client, schema);
    }

    /**
     * Passes {@code isKey} to the serializer and deserializer (see
     * {@link AvroWireSerializer#configure(Map, boolean)}).
     *
     * @param configs ignored
     * @param isKey true if this serde handles record keys
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    /**
     * The serializer half.
     *
     * @return the serializer, the same instance on every call
     */
    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    /**
     * The deserializer half.
     *
     * @return the deserializer, the same instance on every call
     */
    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
