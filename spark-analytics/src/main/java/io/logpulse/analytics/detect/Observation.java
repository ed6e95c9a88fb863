package io.logpulse.analytics.detect;

import java.io.Serializable;

/**
 * The fields of one access event the detectors read. Built by the Spark adapter from a decoded
 * {@code AccessEvent}; nullable fields are null when the event lacks them.
 */
public final class Observation implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Event time, UTC epoch milliseconds. */
  public final long eventTimeMs;
  /** {@code service.name}, nullable. */
  public final String serviceName;
  /** {@code http.response.status_code}, 100 to 599, or 0 when absent. */
  public final int statusCode;
  /** {@code event.duration} in nanoseconds, or -1 when absent. */
  public final long durationNanos;
  /** {@code http.request.method}, nullable. */
  public final String method;
  /** {@code url.path} (decoded), nullable. */
  public final String urlPath;
  /** {@code http.route}: the URL template, e.g. {@code /users/{id}}; nullable. */
  public final String route;
  /** {@code user_agent.original}, nullable. */
  public final String userAgent;
  /** {@code user.name}, nullable. */
  public final String userName;
  /** {@code source.ip}, nullable. */
  public final String sourceIp;
  /** Where the event is on the events topic: {@code <partition>:<offset>}, nullable. */
  public final String sourceOffset;

  public Observation(
      long eventTimeMs,
      String serviceName,
      int statusCode,
      long durationNanos,
      String method,
      String urlPath,
      String route,
      String userAgent,
      String userName,
      String sourceIp,
      String sourceOffset) {
    this.eventTimeMs = eventTimeMs;
    this.serviceName = serviceName;
    this.statusCode = statusCode;
    this.durationNanos = durationNanos;
    this.method = method;
    this.urlPath = urlPath;
    this.route = route;
    this.userAgent = userAgent;
    this.userName = userName;
    this.sourceIp = sourceIp;
    this.sourceOffset = sourceOffset;
  }

  /** @return {@link #route}, or {@link #urlPath} when there is no route */
  public String routeOrPath() {
    return route != null ? route : urlPath;
  }
}
