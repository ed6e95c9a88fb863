package io.logpulse.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
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
 * <p>Thread-safe: one instance may be shared by several stream threads. Each thread that calls
 * {@link #serialize(String, SpecificRecord)} gets its own reused {@link BinaryEncoder} and output
 * buffer (a {@link ThreadLocal}), into which the 5-byte header and then the Avro body are written;
 * the only per-record allocation of this class is the returned exact-size array (plus what Avro's
 * {@link SpecificDatumWriter} allocates). A thread's buffer starts at {@value #INITIAL_BUFFER_BYTES}
 * bytes, grows to fit the largest record, and is dropped after a record longer than {@value
 * #MAX_RETAINED_BUFFER_BYTES} bytes, so each thread retains at most about {@value
 * #MAX_RETAINED_BUFFER_BYTES} bytes plus the encoder's 2 KiB between records. {@link #close()}
 * does not close the {@link SchemaRegistryClient}, which the caller owns.
 *
 * @param <T> the generated Avro record class
 */
public final class AvroWireSerializer<T extends SpecificRecord> implements Serializer<T> {

    /** Suffix of the value subject of a topic under the TopicNameStrategy. */
    public static final String VALUE_SUBJECT_SUFFIX = "-value";

    /** Suffix of the key subject of a topic under the TopicNameStrategy. */
    public static final String KEY_SUBJECT_SUFFIX = "-key";

    /** Initial size in bytes of each thread's output buffer. */
    static final int INITIAL_BUFFER_BYTES = 1024;

    /** A thread's output buffer grown beyond this many bytes is not kept for the next record. */
    static final int MAX_RETAINED_BUFFER_BYTES = 64 * 1024;

    private final SchemaRegistryClient client;
    private final Schema schema;
    private final DatumWriter<T> writer;
    private final ConcurrentMap<String, Integer> schemaIdsByTopic = new ConcurrentHashMap<>();
    private final ThreadLocal<ThreadBuffers> buffers = ThreadLocal.withInitial(ThreadBuffers::new);
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
        this.writer = new NullableUnionWriter<>(schema);
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
        ThreadBuffers state = buffers.get();
        byte[] message;
        try {
            message = state.write(schemaId, writer, data);
        } catch (IOException | AvroRuntimeException | NullPointerException | ClassCastException e) {
            buffers.remove(); // the encoder may hold part of the failed record: start afresh
            throw new SerializationException("Cannot serialize a " + schema.getFullName()
                    + " for topic " + topic + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            buffers.remove(); // whatever failed, never let part of a record reach the next one
            throw e;
        }
        if (state.output.capacity() > MAX_RETAINED_BUFFER_BYTES) {
            buffers.remove();
        }
        return message;
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

    /**
     * Avro's {@link SpecificDatumWriter}, through a record's generated {@code customEncode} when it
     * has one (see {@link #model}), else with a shortcut for the optional-field unions {@code
     * ["null", T]}: the branch is 0 for null and 1 otherwise, without Avro's look-up of the datum's
     * schema name (about 15 % of serialization samples in a JFR profile of the generic path). Other
     * unions go through Avro's own resolution. A non-null datum of the wrong type still fails, when
     * the branch's writer meets it.
     */
    private static final class NullableUnionWriter<T> extends SpecificDatumWriter<T> {

        NullableUnionWriter(Schema schema) {
            super(schema, model(schema));
        }

        /**
         * The record class's model; when {@code schema} is the class's own, a copy with Avro's
         * generated {@code customEncode} turned on ({@code org.apache.avro.specific.use_custom_coders}
         * is off by default): a straight-line write of every field instead of Avro's per-field
         * generic path. The logpulse schemas generate it for {@code timestamp-millis} fields too
         * ({@code schemas/src/main/avro-templates}). {@code customEncode} writes the class's own
         * schema, so another schema (the one registered) keeps the generic path. A copy, so that
         * other users of the class's model keep Avro's defaults.
         */
        private static SpecificData model(Schema schema) {
            SpecificData model = SpecificData.getForSchema(schema);
            Class<?> type = model.getClass(schema);
            if (type == null || !schema.equals(model.getSchema(type))) {
                return model;
            }
            SpecificData copy = new SpecificData(model.getClassLoader());
            model.getConversions().forEach(copy::addLogicalTypeConversion);
            copy.setCustomCoders(true);
            return copy;
        }

        @Override
        protected int resolveUnion(Schema union, Object datum) {
            List<Schema> branches = union.getTypes();
            if (branches.size() == 2 && branches.get(0).getType() == Schema.Type.NULL) {
                return datum == null ? 0 : 1;
            }
            return super.resolveUnion(union, datum);
        }
    }

    /**
     * One thread's reused encoder and output buffer. The encoder is bound to the buffer once and
     * is empty after every successful {@link #write}, which flushes it.
     */
    private static final class ThreadBuffers {

        final GrowableOutput output = new GrowableOutput(INITIAL_BUFFER_BYTES);
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(output, null);

        /** Header and body into the buffer, then one copy out. */
        <T> byte[] write(int schemaId, DatumWriter<T> writer, T data) throws IOException {
            output.reset();
            output.writeHeader(schemaId);
            writer.write(data, encoder);
            encoder.flush();
            return output.toByteArray();
        }
    }

    /**
     * An unsynchronized, growable in-memory output stream (unlike {@link
     * java.io.ByteArrayOutputStream}, whose methods are synchronized); one thread only.
     */
    private static final class GrowableOutput extends OutputStream {

        private byte[] bytes;
        private int count;

        GrowableOutput(int initialCapacity) {
            bytes = new byte[initialCapacity];
        }

        void reset() {
            count = 0;
        }

        int capacity() {
            return bytes.length;
        }

        /** The Confluent header: magic byte, then the schema id as a big-endian int. */
        void writeHeader(int schemaId) {
            if (schemaId < 0) {
                throw new IllegalArgumentException("Schema id must be >= 0, was " + schemaId);
            }
            ensure(ConfluentWireFormat.HEADER_LENGTH);
            bytes[count] = ConfluentWireFormat.MAGIC_BYTE;
            bytes[count + 1] = (byte) (schemaId >>> 24);
            bytes[count + 2] = (byte) (schemaId >>> 16);
            bytes[count + 3] = (byte) (schemaId >>> 8);
            bytes[count + 4] = (byte) schemaId;
            count += ConfluentWireFormat.HEADER_LENGTH;
        }

        @Override
        public void write(int value) {
            ensure(1);
            bytes[count++] = (byte) value;
        }

        @Override
        public void write(byte[] source, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, source.length);
            ensure(length);
            System.arraycopy(source, offset, bytes, count, length);
            count += length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, count);
        }

        private void ensure(int more) {
            if (more > bytes.length - count) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, Math.addExact(count, more)));
            }
        }
    }
}
