package io.logpulse.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AvroWireSerializer} reuses a per-thread encoder and buffer; its bytes must be exactly
 * those of a fresh encoder per record framed by {@link ConfluentWireFormat#encode}.
 */
class AvroWireSerializerTest {

    private static final String TOPIC = "test-topic";
    private static final int SCHEMA_ID = 0x01020304;

    private HttpServer registry;
    private SchemaRegistryClient client;
    private AvroWireSerializer<Note> serializer;

    @BeforeEach
    void startStubRegistry() throws IOException {
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        registry.createContext("/subjects/", exchange -> {
            byte[] body = ("{\"id\":" + SCHEMA_ID + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", SchemaRegistryClient.CONTENT_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        registry.start();
        client = new SchemaRegistryClient(URI.create("http://"
                + registry.getAddress().getAddress().getHostAddress() + ":"
                + registry.getAddress().getPort()));
        serializer = new AvroWireSerializer<>(client, Note.SCHEMA);
    }

    @AfterEach
    void stopStubRegistry() {
        client.close();
        registry.stop(0);
    }

    @Test
    void writesTheBytesOfAFreshEncoderFramedByTheWireFormat() throws IOException {
        for (Note note : List.of(
                new Note("a", null, 0),
                new Note("", "", -1),
                new Note("h\u00e9llo \u2603 \ud83d\ude00", "note", Long.MAX_VALUE),
                new Note("x".repeat(3_000), "y".repeat(10), 42),
                new Note("big", "z".repeat(AvroWireSerializer.MAX_RETAINED_BUFFER_BYTES * 2), 7),
                new Note("small again", null, Long.MIN_VALUE))) {
            assertThat(serializer.serialize(TOPIC, note)).isEqualTo(reference(note));
        }
    }

    @Test
    void nullIsNull() {
        assertThat(serializer.serialize(TOPIC, null)).isNull();
    }

    @Test
    void aFailedRecordLeavesNothingBehindForTheNext() throws IOException {
        Note good = new Note("good", "note", 1);
        serializer.serialize(TOPIC, good);

        assertThatExceptionOfType(SerializationException.class)
                .isThrownBy(() -> serializer.serialize(TOPIC, new Note("partial", "x", 2, true)));

        assertThat(serializer.serialize(TOPIC, good)).isEqualTo(reference(good));
    }

    @Test
    void threadsSharingOneInstanceEachGetTheirOwnBytes() throws Exception {
        serializer.serialize(TOPIC, new Note("warm", null, 0)); // one registry call, then cached
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int seed = thread;
                results.add(threads.submit(() -> {
                    int checked = 0;
                    for (int index = 0; index < 2_000; index++) {
                        Note note = new Note("t" + seed + "-" + index,
                                index % 3 == 0 ? null : "n".repeat(index % 700), index * 31L + seed);
                        assertThat(serializer.serialize(TOPIC, note)).isEqualTo(reference(note));
                        checked++;
                    }
                    return checked;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(2_000);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** What the serializer wrote before it reused buffers: fresh encoder, then frame. */
    private static byte[] reference(Note note) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
        new SpecificDatumWriter<Note>(Note.SCHEMA).write(note, encoder);
        encoder.flush();
        return ConfluentWireFormat.encode(SCHEMA_ID, body.toByteArray());
    }

    /** A hand-written specific record: required string, optional string, long. */
    public static final class Note extends SpecificRecordBase {

        static final Schema SCHEMA = new Schema.Parser().parse("""
                {"type": "record", "name": "Note", "namespace": "io.logpulse.registry",
                 "fields": [
                   {"name": "title", "type": "string"},
                   {"name": "text", "type": ["null", "string"], "default": null},
                   {"name": "count", "type": "long"}]}""");

        private static final long serialVersionUID = 1L;

        private String title;
        private String text;
        private long count;
        /** Fails after the title has been written, to leave a partial record in the encoder. */
        private boolean failAfterTitle;

        public Note() {
        }

        Note(String title, String text, long count) {
            this(title, text, count, false);
        }

        Note(String title, String text, long count, boolean failAfterTitle) {
            this.title = title;
            this.text = text;
            this.count = count;
            this.failAfterTitle = failAfterTitle;
        }

        @Override
        public Schema getSchema() {
            return SCHEMA;
        }

        @Override
        public Object get(int field) {
            return switch (field) {
                case 0 -> title;
                case 1 -> {
                    if (failAfterTitle) {
                        throw new ClassCastException("failing on purpose after the title");
                    }
                    yield text;
                }
                case 2 -> count;
                default -> throw new IndexOutOfBoundsException(field);
            };
        }

        @Override
        public void put(int field, Object value) {
            switch (field) {
                case 0 -> title = (String) value;
                case 1 -> text = (String) value;
                case 2 -> count = (Long) value;
                default -> throw new IndexOutOfBoundsException(field);
            }
        }
    }
}
