package io.logpulse.ingest.topology;

import io.logpulse.schemas.AccessEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A hand-written stand-in for the registry-backed wire-format serde: plain Avro binary, so the
 * topology can be tested without a registry (the integration tests use the real one).
 */
final class PlainAvroSerde {

  private PlainAvroSerde() {}

  static Serde<AccessEvent> create() {
    Serializer<AccessEvent> serializer =
        (topic, event) -> {
          if (event == null) {
            return null;
          }
          try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(AccessEvent.class).write(event, encoder);
            encoder.flush();
            return out.toByteArray();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    Deserializer<AccessEvent> deserializer =
        (topic, bytes) -> {
          if (bytes == null) {
            return null;
          }
          try {
            return new SpecificDatumReader<>(AccessEvent.class)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, null));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        };
    return Serdes.serdeFrom(serializer, deserializer);
  }
}
