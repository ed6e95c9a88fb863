package io.logpulse.ingest.parse;

/**
 * What a field slot of a compiled format string holds, and so how its text is read into {@link
 * EventFields}. One kind may be written by several directives (Apache {@code %h} and nginx {@code
 * $remote_addr} are both {@link #CLIENT}).
 */
enum FieldKind {
  /** Client address as logged: {@code %h}, {@code %a}, {@code %{c}a}, {@code $remote_addr}. */
  CLIENT("client address"),
  /** {@code %l} (identd), always ignored. */
  IDENT("ident"),
  /** {@code %u}, {@code $remote_user}; {@code -} or empty means absent. */
  USER("user"),
  /** Apache {@code %t}: {@code [dd/Mon/yyyy:HH:mm:ss +hhmm]} including the brackets. */
  TIME_CLF_BRACKETED("time"),
  /** nginx {@code $time_local}: {@code dd/Mon/yyyy:HH:mm:ss +hhmm} without brackets. */
  TIME_CLF("time"),
  /** nginx {@code $time_iso8601}. */
  TIME_ISO("time"),
  /** nginx {@code $msec}, Apache {@code %{sec}t}: epoch seconds, optional fraction. */
  TIME_EPOCH_SECONDS("time"),
  /** Apache {@code %{msec}t}: epoch milliseconds. */
  TIME_EPOCH_MILLIS("time"),
  /** Apache {@code %{usec}t}: epoch microseconds. */
  TIME_EPOCH_MICROS("time"),
  /** {@code %r}, {@code $request}: the request line. */
  REQUEST("request line"),
  /** {@code %>s}, {@code %s}, {@code $status}. */
  STATUS("status code"),
  /** {@code %b}, {@code %B}, {@code $body_bytes_sent}; {@code -} means 0. */
  BODY_BYTES("body bytes"),
  /** {@code %O}, {@code $bytes_sent}. */
  RESPONSE_BYTES("response bytes"),
  /** {@code %I}, {@code $request_length}. */
  REQUEST_BYTES("request bytes"),
  /** {@code %D}, {@code %{us}T}: microseconds. */
  DURATION_MICROS("duration"),
  /** {@code %{ms}T}: milliseconds. */
  DURATION_MILLIS("duration"),
  /** {@code %T}, {@code %{s}T}, {@code $request_time}: seconds, optional fraction. */
  DURATION_SECONDS("duration"),
  /** {@code %{Referer}i}, {@code $http_referer}. */
  REFERRER("referrer"),
  /** {@code %{User-Agent}i}, {@code $http_user_agent}. */
  USER_AGENT("user agent"),
  /** {@code %{X-Forwarded-For}i}, {@code $http_x_forwarded_for}; may contain spaces. */
  FORWARDED_FOR("X-Forwarded-For"),
  /** {@code %{Host}i}, {@code $host}, {@code $http_host}: wins over {@link #VIRTUAL_HOST}. */
  HOST_HEADER("host"),
  /** {@code %v}, {@code %V}, {@code $server_name}. */
  VIRTUAL_HOST("virtual host"),
  /** {@code %{X-Request-ID}i}, {@code %L}, {@code $request_id}, {@code $req_id}. */
  REQUEST_ID("request id"),
  /** {@code $upstream_addr}, a list that may contain spaces. */
  UPSTREAM_ADDRESS("upstream address"),
  /** {@code $upstream_status}, a list. */
  UPSTREAM_STATUS("upstream status"),
  /** {@code $upstream_response_time}, a list. */
  UPSTREAM_RESPONSE_TIME("upstream response time"),
  /** Other nginx upstream lists ({@code $upstream_response_length}, ...): read, then ignored. */
  UPSTREAM_OTHER("upstream list"),
  /** {@code %m}, {@code $request_method}. */
  METHOD("method"),
  /** {@code %U}, {@code $uri}: the path without query. */
  PATH("path"),
  /** Apache {@code %U%q}: the decoded path, then {@code ?} and the query when there is one. */
  PATH_AND_QUERY("path and query"),
  /** Apache {@code %q}: {@code ?query} or empty. */
  QUERY_WITH_MARK("query"),
  /** nginx {@code $args}: the query without {@code ?}. */
  QUERY("query"),
  /** nginx {@code $request_uri}: the original target with query. */
  TARGET("request target"),
  /** {@code %H}, {@code $server_protocol}. */
  PROTOCOL("protocol"),
  /** Anything else: read up to the next literal and ignored. */
  IGNORED("ignored field");

  private final String description;

  FieldKind(String description) {
    this.description = description;
  }

  /** A short noun for rejection messages, e.g. {@code "status code"}. */
  String description() {
    return description;
  }

  /** True for nginx lists whose entries are separated by {@code ", "} and {@code " : "}. */
  boolean isList() {
    return this == FORWARDED_FOR
        || this == UPSTREAM_ADDRESS
        || this == UPSTREAM_STATUS
        || this == UPSTREAM_RESPONSE_TIME
        || this == UPSTREAM_OTHER;
  }
}
