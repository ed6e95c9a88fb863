package io.logpulse.analytics.detect;

import java.io.Serializable;

/**
 * One record the detectors emit: an alert (for the alerts topic) or a late event (for the
 * late-events topic), as a Kafka key and a JSON value; between the two detection stages also the
 * internal kinds {@link #CLIENT_WINDOW} and {@link #BURST_UPDATE}. A Java bean so Spark can encode it.
 */
public final class DetectorOutput implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String ALERT = "alert";
  public static final String LATE_EVENT = "late_event";
  /**
   * Internal, for {@link PopulationJudge}: a client's complete window without anomaly; key the
   * entity key, value {@code <window start ms>:<requests>}.
   */
  public static final String CLIENT_WINDOW = "client_window";
  /**
   * Internal, for {@link PopulationJudge}: a firing burst incident anomalous again; key the alert
   * id, value the alert JSON it would fire with.
   */
  public static final String BURST_UPDATE = "burst_update";

  private String kind;
  private String key;
  private String value;

  public DetectorOutput() {}

  public DetectorOutput(String kind, String key, String value) {
    this.kind = kind;
    this.key = key;
    this.value = value;
  }

  /** @return {@link #ALERT} or {@link #LATE_EVENT} (after {@link PopulationJudge}), or an internal kind */
  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }

  @Override
  public String toString() {
    return kind + " " + key + " " + value;
  }
}
