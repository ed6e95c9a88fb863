package io.logpulse.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.ResolvingDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.io.Encoder;
import org.junit.jupiter.api.Test;

/**
 * The generated {@code customEncode}/{@code customDecode} of {@link AccessEvent}, which Avro's own
 * template would not generate for a record with {@code timestamp-millis} fields ({@code
 * src/main/avro-templates/record.vm}), write and read exactly what Avro's reflective path does.
 */
class GeneratedCodersTest {

  @Test
  void accessEventHasGeneratedCoders() throws NoSuchMethodException {
    assertThat(AccessEvent.class.getDeclaredMethod("customEncode", Encoder.class)).isNotNull();
    assertThat(AccessEvent.class.getDeclaredMethod("customDecode", ResolvingDecoder.class))
        .isNotNull();
  }

  @Test
  void generatedCodersWriteAndReadTheBytesOfAvrosReflectivePath() throws IOException {
    AccessEvent event = event();
    SpecificData custom = customCoders();

    byte[] reflective = write(new SpecificDatumWriter<>(AccessEvent.getClassSchema()), event);
    byte[] generated = write(new SpecificDatumWriter<>(AccessEvent.getClassSchema(), custom), event);

    assertThat(generated).isEqualTo(reflective);
    AccessEvent read =
        new SpecificDatumReader<AccessEvent>(
                AccessEvent.getClassSchema(), AccessEvent.getClassSchema(), custom)
            .read(null, DecoderFactory.get().binaryDecoder(generated, null));
    assertThat(read).isEqualTo(event);
    assertThat(read.getTimestamp()).isEqualTo(Instant.parse("2026-11-21T10:15:30.123Z"));
    assertThat(read.getEventIngested()).isEqualTo(Instant.parse("2026-11-21T10:15:31.456Z"));
  }

  private static SpecificData customCoders() {
    SpecificData model = SpecificData.getForSchema(AccessEvent.getClassSchema());
    SpecificData custom = new SpecificData(model.getClassLoader());
    model.getConversions().forEach(custom::addLogicalTypeConversion);
    custom.setCustomCoders(true);
    return custom;
  }

  private static byte[] write(SpecificDatumWriter<AccessEvent> writer, AccessEvent event)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    writer.write(event, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static AccessEvent event() {
    AccessEvent event = new AccessEvent();
    event.setTimestamp(Instant.parse("2026-11-21T10:15:30.123Z"));
    event.setServiceName("shop");
    event.setLogFormat("nginx_combined");
    event.setSourceAddress("192.0.2.1");
    event.setSourceIp("192.0.2.1");
    event.setHttpRequestMethod("GET");
    event.setUrlOriginal("/a?b=1");
    event.setHttpResponseStatusCode(200);
    event.setEventDuration(42_000_000L);
    event.setEventIngested(Instant.parse("2026-11-21T10:15:31.456Z"));
    event.setUserAgentIsBot(false);
    event.setUpstreamStatusCode(502);
    List<String> tags = new ArrayList<>(List.of("timestamp_skewed"));
    event.setTags(tags);
    return event;
  }
}
