package io.logpulse.local.replay;

import io.logpulse.schemas.LogpulseHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Produces log lines to the raw-lines topic in event-time order, optionally paced.
 *
 * <p>At speed {@code N} the wall-clock gap between two lines is their event-time gap divided by
 * {@code N}; at {@link #MAX_SPEED} lines are sent as fast as the producer takes them. With a
 * {@link ReplayPace} that changes speed, each paced stretch starts its own clock at its first line,
 * and one that follows lines sent at full speed first waits for the pipeline to catch up ({@link
 * CatchUp}), so what is measured there is not the backlog.
 */
public final class LogReplayer {

  /** Speed value meaning "no pacing". */
  public static final double MAX_SPEED = Double.POSITIVE_INFINITY;

  /** Hears when a line is on the topic. Called on the producer's I/O thread, in send order. */
  @FunctionalInterface
  public interface AppendListener {

    /** Ignores every line. */
    AppendListener NONE = (line, appendTimeMs) -> {};

    /**
     * @param line the line sent
     * @param appendTimeMs the record's timestamp as the broker acknowledged it, epoch ms: the
     *     broker's append time on a {@code LogAppendTime} topic, the send time otherwise
     */
    void appended(ReplayLine line, long appendTimeMs);
  }

  /** Waits until the pipeline has processed every line sent so far. */
  @FunctionalInterface
  public interface CatchUp {

    /** Does not wait. */
    CatchUp NONE = linesSent -> {};

    /**
     * @param linesSent lines sent so far, all flushed to the broker
     * @throws InterruptedException when interrupted while waiting
     */
    void await(long linesSent) throws InterruptedException;
  }

  private final Producer<byte[], byte[]> producer;
  private final String topic;
  private final ReplayPace pace;
  private final CatchUp catchUp;
  private final AppendListener appendListener;
  private final AtomicLong linesSent = new AtomicLong();
  private final AtomicReference<Exception> sendFailure = new AtomicReference<>();

  /**
   * @param producer producer of the raw-lines topic (byte array keys and values)
   * @param topic the raw-lines topic
   * @param speed time compression factor, greater than 0, or {@link #MAX_SPEED}
   * @throws IllegalArgumentException when {@code speed} is not positive
   */
  public LogReplayer(Producer<byte[], byte[]> producer, String topic, double speed) {
    this(producer, topic, ReplayPace.constant(speed), CatchUp.NONE, AppendListener.NONE);
  }

  /**
   * @param producer producer of the raw-lines topic (byte array keys and values)
   * @param topic the raw-lines topic
   * @param pace the speed of each line
   * @param catchUp called before a paced stretch that follows lines sent at full speed
   * @param appendListener hears each line once the broker has it
   */
  public LogReplayer(
      Producer<byte[], byte[]> producer,
      String topic,
      ReplayPace pace,
      CatchUp catchUp,
      AppendListener appendListener) {
    this.producer = producer;
    this.topic = topic;
    this.pace = pace;
    this.catchUp = catchUp;
    this.appendListener = appendListener;
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
    double previousSpeed = Double.NaN;
    long stretchEventTime = 0;
    long stretchNanos = 0;
    for (ReplayLine line : lines) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("replay interrupted");
      }
      double speed = pace.speedAt(line.eventTimeMillis());
      if (speed != MAX_SPEED) {
        if (speed != previousSpeed) {
          producer.flush();
          rethrowSendFailure();
          if (previousSpeed == MAX_SPEED) {
            catchUp.await(linesSent.get());
          }
          stretchEventTime = line.eventTimeMillis();
          stretchNanos = System.nanoTime();
        }
        long dueNanos =
            stretchNanos + (long) ((line.eventTimeMillis() - stretchEventTime) * 1e6 / speed);
        long waitNanos = dueNanos - System.nanoTime();
        if (waitNanos > 0) {
          producer.flush();
          Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
        }
      }
      previousSpeed = speed;
      RecordHeaders headers = new RecordHeaders();
      headers.add(LogpulseHeaders.SERVICE_NAME, line.serviceName().getBytes(StandardCharsets.UTF_8));
      producer.send(
          new ProducerRecord<>(topic, (Integer) null, (byte[]) null, line.bytes(), headers),
          (metadata, exception) -> {
            if (exception != null) {
              sendFailure.compareAndSet(null, exception);
            } else {
              appendListener.appended(line, metadata.timestamp());
            }
          });
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
