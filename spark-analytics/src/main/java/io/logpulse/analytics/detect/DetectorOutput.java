package io.logpulse.analytics.detect;

import java.io.Serializable;

/**
 * One record the detectors emit: an alert (for the alerts topic) or a late event (for the
 * late-events topic), as a Kafka key and a JSON value. A Java bean so Spark can encode it.
 */
public final class DetectorOutput implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String ALERT = "alert";
  public static final String LATE_EVENT = "late_event";

  private String kind;
  private String key;
  private String value;

  public DetectorOutput() {}

  public DetectorOutput(String kind, String key, String value) {
    this.kind = kind;
    this.key = key;
    this.value = value;
  }

  /** @return {@link #ALERT} or {@link #LATE_EVENT} */
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
