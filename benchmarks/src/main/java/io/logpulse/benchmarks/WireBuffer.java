package io.logpulse.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * PROTOTYPE, benchmark use only: a growable byte buffer with Avro binary primitives, reused from
 * record to record (https://avro.apache.org/docs/1.12.0/specification/#binary-encoding). Not
 * thread-safe.
 */
final class WireBuffer {

  private byte[] buffer = new byte[1024];
  private int position;

  /** Starts a new message with the given header bytes. */
  void reset(byte[] header) {
    position = 0;
    ensure(header.length);
    System.arraycopy(header, 0, buffer, 0, header.length);
    position = header.length;
  }

  /** Avro {@code int} and {@code long}: zig-zag, then 7 bits per byte, low bits first. */
  void writeLong(long value) {
    ensure(10);
    long zigZag = (value << 1) ^ (value >> 63);
    while ((zigZag & ~0x7FL) != 0) {
      buffer[position++] = (byte) ((zigZag & 0x7F) | 0x80);
      zigZag >>>= 7;
    }
    buffer[position++] = (byte) zigZag;
  }

  void writeBoolean(boolean value) {
    ensure(1);
    buffer[position++] = (byte) (value ? 1 : 0);
  }

  /**
   * Avro {@code string}: byte length, then UTF-8. ASCII text is copied straight into the buffer;
   * other text goes through {@link String#getBytes(java.nio.charset.Charset)}.
   */
  void writeString(String value) {
    int length = value.length();
    int start = position;
    writeLong(length);
    ensure(length);
    byte[] target = buffer;
    int at = position;
    for (int index = 0; index < length; index++) {
      char c = value.charAt(index);
      if (c >= 0x80) { // not ASCII: the UTF-8 length differs, start again with the JDK encoder
        position = start;
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        writeLong(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buffer, position, utf8.length);
        position += utf8.length;
        return;
      }
      target[at++] = (byte) c;
    }
    position = at;
  }

  /** The message so far, as a new exact-size array. */
  byte[] toByteArray() {
    return Arrays.copyOf(buffer, position);
  }

  private void ensure(int bytes) {
    if (position + bytes > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + bytes));
    }
  }
}
