package io.logpulse.benchmarks;

import io.logpulse.schemas.AccessEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * PROTOTYPE, benchmark use only: what {@code io.logpulse.registry.AvroWireSerializer} would cost
 * if it reused its buffers. Same output bytes (Confluent header then the Avro binary body written
 * by the same {@link SpecificDatumWriter}), but:
 *
 * <ul>
 *   <li>one {@link BinaryEncoder} is reused ({@code EncoderFactory.binaryEncoder(out, reuse)})
 *       instead of a new one, with a new 2 KiB buffer, per record;
 *   <li>one output buffer is reused, with the 5-byte header written in place, instead of a new
 *       {@link ByteArrayOutputStream}, its {@code toByteArray()} copy and the {@code
 *       ByteBuffer.allocate} copy in {@code ConfluentWireFormat.encode};
 *   <li>the result is one exact-size array ({@link Arrays#copyOf}), which Kafka needs anyway.
 * </ul>
 *
 * Not thread-safe: one instance per thread (a production version would keep these in a {@link
 * ThreadLocal} or per stream task).
 */
final class ReusingWireSerializer {

  private final SpecificDatumWriter<AccessEvent> writer;
  private final ExposedBuffer buffer = new ExposedBuffer(1024);
  private final byte[] header;
  private BinaryEncoder encoder;

  ReusingWireSerializer(Schema schema, int schemaId) {
    this.writer = new SpecificDatumWriter<>(schema);
    this.header =
        new byte[] {
          0, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8),
          (byte) schemaId
        };
  }

  byte[] serialize(AccessEvent event) {
    buffer.reset();
    buffer.write(header, 0, header.length);
    encoder = EncoderFactory.get().binaryEncoder(buffer, encoder);
    try {
      writer.write(event, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.copy();
  }

  /** A {@link ByteArrayOutputStream} that copies out exactly once. */
  private static final class ExposedBuffer extends ByteArrayOutputStream {
    ExposedBuffer(int size) {
      super(size);
    }

    byte[] copy() {
      return Arrays.copyOf(buf, count);
    }
  }
}
