package io.logpulse.local.replay;

import io.logpulse.schemas.LogpulseHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Produces log lines to the raw-lines topic in event-time order, optionally paced.
 *
 * <p>At speed {@code N} the wall-clock gap between two lines is their event-time gap divided by
 * {@code N}; at {@link #MAX_SPEED} lines are sent as fast as the producer takes them.
 */
public final class LogReplayer {

  /** Speed value meaning "no pacing". */
  public static final double MAX_SPEED = Double.POSITIVE_INFINITY;

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final double speed;
  private final AtomicLong linesSent = new AtomicLong();
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();

  /**
   * @param producer producer of the raw-lines topic (byte array keys and values)
   * @param topic the raw-lines topic
   * @param speed time compression factor, greater than 0, or {@link #MAX_SPEED}
   * @throws IllegalArgumentException when {@code speed} is not positive
   */
  public LogReplayer(Producer<byte[], byte[]> producer, String topic, double speed) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be > 0, got " + speed);
    }
    this.producer = producer;
    this.topic = topic;
    this.speed = speed;
  }

  /**
   * Sends every line, then flushes the producer.
   *
   * @throws InterruptedException when interrupted while pacing
   * @throws KafkaException when a line could not be sent
   */
  public void replay(List<ReplayLine> lines) throws InterruptedException {
    if (lines.isEmpty()) {
      return;
    }
    long firstEventTime = lines.get(0).eventTimeMillis();
    long startNanos = System.nanoTime();
    for (ReplayLine line : lines) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("replay interrupted");
      }
      if (speed != MAX_SPEED) {
        long dueNanos = startNanos + (long) ((line.eventTimeMillis() - firstEventTime) * 1e6 / speed);
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 0) {
          producer.flush();
          Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
      }
      RecordHeaders headers = new RecordHeaders();
      headers.add(LogpulseHeaders.SERVICE_NAME, line.serviceName().getBytes(StandardCharsets.UTF_8));
      producer.send(
          new ProducerRecord<>(topic, (Integer) null, (byte[]) null, line.bytes(), headers),
          this::checkSent);
      linesSent.incrementAndGet();
      rethrowSendFailure();
    }
    producer.flush();
    rethrowSendFailure();
  }

  /**
   * Sends a watermark control record: no event older than {@code watermarkMillis} will follow.
   */
  public void sendWatermark(long watermarkMillis) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(
        LogpulseHeaders.CONTROL, LogpulseHeaders.CONTROL_WATERMARK.getBytes(StandardCharsets.UTF_8));
    headers.add(
        LogpulseHeaders.WATERMARK_MS,
        Long.toString(watermarkMillis).getBytes(StandardCharsets.UTF_8));
    producer.send(new ProducerRecord<>(topic, (Integer) null, (byte[]) null, (byte[]) null, headers));
    producer.flush();
  }

  private void checkSent(RecordMetadata metadata, Exception exception) {
    if (exception != null) {
      sendFailure.compareAndSet(null, exception);
    }
  }

  /**
   * @throws KafkaException when a line could not be sent (for example larger than the broker
   *     accepts)
   */
  private void rethrowSendFailure() {
    Exception failure = sendFailure.get();
    if (failure != null) {
      throw new KafkaException("a line could not be sent to " + topic + ": " + failure, failure);
    }
  }

  /** @return lines sent so far */
  public long linesSent() {
    return linesSent.get();
  }
}
