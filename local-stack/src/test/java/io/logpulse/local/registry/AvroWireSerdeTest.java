package io.logpulse.local.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logpulse.registry.AvroWireDeserializer;
import io.logpulse.registry.AvroWireSerde;
import io.logpulse.registry.AvroWireSerializer;
import io.logpulse.registry.ConfluentWireFormat;
import io.logpulse.registry.SchemaRegistryClient;
import io.logpulse.registry.SchemaRegistryException;
import io.logpulse.schemas.AccessEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AvroWireSerdeTest {

    private static final String TOPIC = "access-events";

    /** An earlier AccessEvent: only the required fields, no optional ones. */
    private static final Schema OLDER_ACCESS_EVENT = new Schema.Parser().parse("""
            {"type": "record", "name": "AccessEvent", "namespace": "io.logpulse.schemas", "fields": [
              {"name": "timestamp", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "service_name", "type": "string"},
              {"name": "log_format", "type": "string"},
              {"name": "source_address", "type": "string"},
              {"name": "http_response_status_code", "type": "int"}
            ]}""");

    private LocalSchemaRegistry registry;
    private SchemaRegistryClient client;
    private AvroWireSerde<AccessEvent> serde;

    @BeforeEach
    void startRegistry() throws IOException {
        registry = LocalSchemaRegistry.start(0);
        client = new SchemaRegistryClient(registry.url(), Duration.ofSeconds(5));
        serde = new AvroWireSerde<>(client, AccessEvent.getClassSchema());
    }

    @AfterEach
    void stopRegistry() {
        serde.close();
        client.close();
        registry.close();
    }

    @Test
    void roundTripsAnAccessEventThroughTheRegistry() {
        AccessEvent event = fullEvent();

        byte[] bytes = serde.serializer().serialize(TOPIC, event);

        assertThat(bytes[0]).isEqualTo(ConfluentWireFormat.MAGIC_BYTE);
        int id = ConfluentWireFormat.schemaId(bytes);
        assertThat(client.latest(AvroWireSerializer.valueSubject(TOPIC)).id()).isEqualTo(id);
        assertThat(client.latest(TOPIC + "-value").schema()).isEqualTo(AccessEvent.getClassSchema());
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(event);
    }

    @Test
    void roundTripsAnEventWithOnlyTheRequiredFields() {
        AccessEvent event = requiredOnlyEvent();

        byte[] bytes = serde.serializer().serialize(TOPIC, event);

        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(event);
    }

    @Test
    void registersOncePerTopicUnderItsValueSubject() {
        byte[] first = serde.serializer().serialize(TOPIC, fullEvent());
        byte[] second = serde.serializer().serialize(TOPIC, requiredOnlyEvent());
        byte[] otherTopic = serde.serializer().serialize("access-events-replay", fullEvent());

        assertThat(ConfluentWireFormat.schemaId(second)).isEqualTo(ConfluentWireFormat.schemaId(first));
        assertThat(ConfluentWireFormat.schemaId(otherTopic))
                .isEqualTo(ConfluentWireFormat.schemaId(first));
        assertThat(client.allVersions(TOPIC + "-value")).hasSize(1);
        assertThat(client.allVersions("access-events-replay-value")).hasSize(1);
    }

    @Test
    void nullsPassThrough() {
        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void decodesDataWrittenWithAnOlderWriterSchema() throws IOException {
        int olderId = client.register(TOPIC + "-value", OLDER_ACCESS_EVENT);
        GenericRecord older = new GenericData.Record(OLDER_ACCESS_EVENT);
        older.put("timestamp", 1_767_225_600_123L);
        older.put("service_name", "shop");
        older.put("log_format", "apache_common");
        older.put("source_address", "192.0.2.7");
        older.put("http_response_status_code", 404);
        byte[] olderBytes = ConfluentWireFormat.encode(olderId, avroBinary(OLDER_ACCESS_EVENT, older));

        // The current schema adds only optional fields with default null: BACKWARD accepts it.
        byte[] currentBytes = serde.serializer().serialize(TOPIC, fullEvent());
        AccessEvent decoded = serde.deserializer().deserialize(TOPIC, olderBytes);

        assertThat(ConfluentWireFormat.schemaId(currentBytes)).isNotEqualTo(olderId);
        assertThat(client.latest(TOPIC + "-value").version()).isEqualTo(2);
        assertThat(decoded).isEqualTo(AccessEvent.newBuilder()
                .setTimestamp(Instant.ofEpochMilli(1_767_225_600_123L))
                .setServiceName("shop")
                .setLogFormat("apache_common")
                .setSourceAddress("192.0.2.7")
                .setHttpResponseStatusCode(404)
                .build());
        assertThat(decoded.getSourceIp()).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, currentBytes)).isEqualTo(fullEvent());
    }

    @Test
    void malformedDataIsASerializationException() {
        byte[] valid = serde.serializer().serialize(TOPIC, fullEvent());
        byte[] wrongMagic = valid.clone();
        wrongMagic[0] = 1;
        byte[] unknownId = ConfluentWireFormat.encode(9_999, new byte[] {2, 0});
        byte[] truncated = Arrays.copyOf(valid, ConfluentWireFormat.HEADER_LENGTH + 3);

        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, wrongMagic))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte");
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, unknownId))
                .isInstanceOf(SerializationException.class).hasMessageContaining("9999");
        assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class);
    }

    @Test
    void aRegistryThatCannotAnswerIsNotMistakenForBadData() {
        byte[] valid = serde.serializer().serialize(TOPIC, fullEvent());
        URI wrongPrefix = URI.create(registry.url() + "/no-such-prefix");

        try (SchemaRegistryClient misconfigured = new SchemaRegistryClient(wrongPrefix)) {
            AvroWireDeserializer<AccessEvent> deserializer =
                    new AvroWireDeserializer<>(misconfigured, AccessEvent.getClassSchema());

            assertThatThrownBy(() -> deserializer.deserialize(TOPIC, valid))
                    .isExactlyInstanceOf(SchemaRegistryException.class);
        }
    }

    @Test
    void aRecordMissingARequiredFieldIsASerializationException() {
        AccessEvent incomplete = new AccessEvent();
        incomplete.setTimestamp(Instant.ofEpochMilli(0));

        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, incomplete))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("AccessEvent");
    }

    private static AccessEvent requiredOnlyEvent() {
        return AccessEvent.newBuilder()
                .setTimestamp(Instant.parse("2026-01-01T12:00:00.250Z"))
                .setServiceName("shop")
                .setLogFormat("nginx_combined")
                .setSourceAddress("unix:")
                .setHttpResponseStatusCode(200)
                .build();
    }

    private static AccessEvent fullEvent() {
        return AccessEvent.newBuilder()
                .setTimestamp(Instant.parse("2026-01-01T12:00:00.250Z"))
                .setServiceName("shop")
                .setLogFormat("apache_combined")
                .setSourceAddress("2001:db8::1")
                .setSourceIp("2001:db8::1")
                .setUserName("alice")
                .setHttpRequestMethod("GET")
                .setUrlOriginal("/cart?id=7")
                .setUrlPath("/cart")
                .setUrlQuery("id=7")
                .setHttpVersion("1.1")
                .setHttpResponseStatusCode(200)
                .setHttpResponseBodyBytes(5_120L)
                .setHttpRequestReferrer("https://example.com/")
                .setUserAgentOriginal("curl/8.5.0")
                .setEventDuration(1_500_000L)
                .setEventIngested(Instant.parse("2026-01-01T12:00:01.000Z"))
                .setEventOriginal("2001:db8::1 - alice [01/Jan/2026:12:00:00 +0000] \"GET /cart?id=7 HTTP/1.1\" 200 5120")
                .build();
    }

    private static byte[] avroBinary(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
