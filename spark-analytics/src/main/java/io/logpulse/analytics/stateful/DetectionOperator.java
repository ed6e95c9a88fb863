package io.logpulse.analytics.stateful;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.udf;

import io.logpulse.analytics.detect.DetectionEngine;
import io.logpulse.analytics.detect.DetectionState;
import io.logpulse.analytics.detect.DetectorOutput;
import io.logpulse.analytics.detect.EntityKey;
import io.logpulse.analytics.detect.Observation;
import io.logpulse.analytics.detect.PopulationJudge;
import io.logpulse.analytics.detect.PopulationState;
import io.logpulse.analytics.transform.AccessEventDecoder;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsWithStateFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.streaming.GroupState;
import org.apache.spark.sql.streaming.GroupStateTimeout;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.types.DataTypes;

/**
 * Runs a {@link DetectionEngine} in Spark: every event is keyed by its service, its client address
 * and its client network ({@link EntityKey#keysOf}), and {@code flatMapGroupsWithState} keeps one
 * {@link DetectionState} per key in Spark's state store (checkpointed, so baselines and open
 * incidents survive a restart).
 *
 * <p>The state is stored as bytes ({@link DetectionStateCodec}: a format version, then Spark's Kryo
 * serialization) and decoded here only for the keys a micro-batch calls. With a timeout,
 * Spark reads every key's state on every micro-batch to find the timed-out ones, and with {@code
 * Encoders.kryo} it would deserialize every {@link DetectionState} to do so: a cost per batch that
 * grows with the number of clients held, not with the batch.
 *
 * <p>The timeout is processing-time ({@code idleCheckInterval}), not event-time, on purpose: with
 * an event-time timeout Spark drops events behind the watermark before the function sees them, and
 * they could not be reported as late. The function reads the watermark from {@link
 * GroupState#getCurrentWatermarkMs()}, and the timeout calls it for idle keys so windows in which a
 * service got nothing still close (a drop to zero) and incidents of silent clients resolve.
 *
 * <p>A second stateful stage follows under a single key: {@link PopulationJudge}, which needs every
 * client at once (is a burst far above the population?). Spark 3.5 allows two {@code
 * flatMapGroupsWithState} in one query when both, and the query, use the append output mode. Its
 * state is one {@link PopulationState}, stored as bytes by {@link PopulationStateCodec}.
 *
 * <p>Output rows: {@code kind} ({@value DetectorOutput#ALERT} or {@value
 * DetectorOutput#LATE_EVENT}), {@code key}, {@code value} (JSON).
 */
public final class DetectionOperator {

  public static final String ENTITY_KEY = "entity_key";
  /** The one key of the second stage. */
  static final String POPULATION_KEY = "population";

  /** The AccessEvent fields the detectors read, besides the event time. */
  public static final List<String> INPUT_FIELDS =
      List.of(
          "service_name",
          "http_response_status_code",
          "event_duration",
          "http_request_method",
          "url_path",
          "http_route",
          "user_agent_original",
          "user_name",
          "source_ip");

  private static final UserDefinedFunction KEYS_OF =
      udf(
              (UDF2<String, String, List<String>>) EntityKey::keysOf,
              DataTypes.createArrayType(DataTypes.StringType))
          .withName("entity_keys");

  private DetectionOperator() {}

  /**
   * @param events decoded events with a watermark on {@link AccessEventDecoder#EVENT_TIME}, control
   *     records removed
   * @param judge the second stage, which sees every first-stage output under one key
   * @param idleCheckInterval how often idle keys are called to close windows by the watermark
   * @return the detector outputs, alerts and late events; a streaming Dataset for the append
   *     output mode
   */
  public static Dataset<DetectorOutput> apply(
      Dataset<Row> events,
      DetectionEngine engine,
      PopulationJudge judge,
      Duration idleCheckInterval) {
    Dataset<Row> keyed =
        events
            .select(
                col(AccessEventDecoder.EVENT_TIME),
                col("service_name"),
                col("http_response_status_code"),
                col("event_duration"),
                col("http_request_method"),
                col("url_path"),
                col("http_route"),
                col("user_agent_original"),
                col("user_name"),
                col("source_ip"),
                col(AccessEventDecoder.EVENTS_TOPIC_OFFSET))
            .withColumn(ENTITY_KEY, explode(KEYS_OF.apply(col("service_name"), col("source_ip"))));
    Dataset<DetectorOutput> entityOutputs =
        // grouped by the column itself, not a key function: a function makes Spark turn every row
        // into a Row object and back (AppendColumns), with code generated per task and batch,
        // about a seventh of the detectors' CPU time per micro-batch (JFR, logpulse bench-spark)
        keyed
            .groupBy(col(ENTITY_KEY))
            .as(Encoders.STRING(), Encoders.row(keyed.schema()))
            .flatMapGroupsWithState(
                new Function(engine, idleCheckInterval.toMillis()),
                OutputMode.Append(),
                Encoders.BINARY(),
                Encoders.bean(DetectorOutput.class),
                GroupStateTimeout.ProcessingTimeTimeout());
    // Everything goes through the second stage, alerts of other rules and late events included:
    // a second branch from entityOutputs would plan (and run) the first stage twice.
    return entityOutputs
        .groupByKey((MapFunction<DetectorOutput, String>) output -> POPULATION_KEY, Encoders.STRING())
        .flatMapGroupsWithState(
            new PopulationFunction(judge),
            OutputMode.Append(),
            Encoders.BINARY(),
            Encoders.bean(DetectorOutput.class),
            GroupStateTimeout.NoTimeout());
  }

  /** The second stage's function: one {@link PopulationState} under {@value #POPULATION_KEY}. */
  static final class PopulationFunction
      implements FlatMapGroupsWithStateFunction<String, DetectorOutput, byte[], DetectorOutput> {

    private static final long serialVersionUID = 1L;

    private final PopulationJudge judge;
    private final PopulationStateCodec codec = new PopulationStateCodec();

    PopulationFunction(PopulationJudge judge) {
      this.judge = judge;
    }

    @Override
    public Iterator<DetectorOutput> call(
        String key, Iterator<DetectorOutput> outputs, GroupState<byte[]> group) {
      PopulationState state = group.exists() ? codec.decode(key, group.get()) : new PopulationState();
      List<DetectorOutput> judged = judge.process(outputs, state);
      group.update(codec.encode(state));
      return judged.iterator();
    }
  }

  /** The state function: rows to {@link Observation}s, the engine, then state upkeep. */
  static final class Function
      implements FlatMapGroupsWithStateFunction<String, Row, byte[], DetectorOutput> {

    private static final long serialVersionUID = 1L;

    private final DetectionEngine engine;
    private final long idleCheckMillis;
    private final DetectionStateCodec codec = new DetectionStateCodec();

    Function(DetectionEngine engine, long idleCheckMillis) {
      this.engine = engine;
      this.idleCheckMillis = idleCheckMillis;
    }

    @Override
    public Iterator<DetectorOutput> call(String key, Iterator<Row> rows, GroupState<byte[]> group) {
      long watermarkMs = group.getCurrentWatermarkMs();
      DetectionState state = group.exists() ? codec.decode(key, group.get()) : new DetectionState();
      Iterator<Observation> observations =
          new Iterator<>() {
            @Override
            public boolean hasNext() {
              return rows.hasNext();
            }

            @Override
            public Observation next() {
              return observation(rows.next());
            }
          };
      List<DetectorOutput> outputs =
          engine.process(key, observations, watermarkMs, state, System.currentTimeMillis());
      if (engine.canEvict(key, state, watermarkMs)) {
        group.remove();
      } else {
        group.update(codec.encode(state));
        group.setTimeoutDuration(idleCheckMillis);
      }
      return outputs.iterator();
    }
  }

  static Observation observation(Row row) {
    return new Observation(
        row.<java.sql.Timestamp>getAs(AccessEventDecoder.EVENT_TIME).getTime(),
        row.getAs("service_name"),
        intOrZero(row.getAs("http_response_status_code")),
        longOr(row.getAs("event_duration"), -1L),
        row.getAs("http_request_method"),
        row.getAs("url_path"),
        row.getAs("http_route"),
        row.getAs("user_agent_original"),
        row.getAs("user_name"),
        row.getAs("source_ip"),
        row.getAs(AccessEventDecoder.EVENTS_TOPIC_OFFSET));
  }

  private static int intOrZero(Integer value) {
    return value == null ? 0 : value;
  }

  private static long longOr(Long value, long fallback) {
    return value == null ? fallback : value;
  }
}
