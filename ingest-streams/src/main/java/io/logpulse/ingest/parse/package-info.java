/**
 * Access-log parsing: one raw log line in, one {@link io.logpulse.ingest.parse.ParseResult} out (an
 * {@link io.logpulse.schemas.AccessEvent} or a rejection with a {@link
 * io.logpulse.ingest.parse.RejectReason}).
 *
 * <p>Pure logic: this package imports no Kafka, Kafka Streams or Spark class, does no I/O and no
 * DNS look-up. The entry point is {@link io.logpulse.ingest.parse.AccessLogParser}, configured with
 * a {@link io.logpulse.ingest.parse.LineFormat}: per-line detection, a preset, an Apache {@code
 * LogFormat} or nginx {@code log_format} string compiled once into a token program, or a JSON field
 * mapping.
 *
 * <p>Formats and the specifications they follow:
 *
 * <ul>
 *   <li>Common Log Format family: Apache HTTP Server {@code mod_log_config}, {@code LogFormat "%h
 *       %l %u %t \"%r\" %>s %b"} (common) and {@code ... \"%{Referer}i\" \"%{User-Agent}i\""}
 *       (combined), https://httpd.apache.org/docs/2.4/mod/mod_log_config.html; nginx {@code
 *       ngx_http_log_module} predefined {@code log_format combined},
 *       https://nginx.org/en/docs/http/ngx_http_log_module.html#log_format; ingress-nginx default
 *       {@code log-format-upstream},
 *       https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/log-format/;
 *       Traefik access logs in Common Log Format,
 *       https://doc.traefik.io/traefik/observability/access-logs/.
 *   <li>JSON: nginx {@code log_format ... escape=json} (same module page); Traefik access logs in
 *       JSON format (same Traefik page); Caddy {@code http.log.access} structured logs,
 *       https://caddyserver.com/docs/caddyfile/directives/log.
 * </ul>
 */
package io.logpulse.ingest.parse;
