package io.logpulse.ingest.parse;

/**
 * The formats {@link LineFormat#auto()} detects per line; {@link #code()} is the value written to
 * {@code AccessEvent.log_format}.
 *
 * <p>Apache {@code combined} and nginx {@code combined} produce byte-identical line shapes, so a
 * single line cannot tell them apart: auto-detection reports both as {@link #CLF_COMBINED}, and
 * Apache {@code common} as {@link #CLF_COMMON}. A configured preset or format string writes its own
 * code instead ({@code apache_combined}, {@code nginx_custom}, ...; see {@link LineFormat#code()}).
 */
public enum LogFormat {
  /**
   * Common Log Format, Apache {@code mod_log_config} {@code "%h %l %u %t \"%r\" %>s %b"}. Source:
   * https://httpd.apache.org/docs/2.4/mod/mod_log_config.html#formats
   */
  CLF_COMMON("clf_common"),
  /**
   * Combined Log Format: common plus {@code "%{Referer}i" "%{User-Agent}i"} (Apache) or {@code
   * "$http_referer" "$http_user_agent"} (nginx predefined {@code log_format combined},
   * https://nginx.org/en/docs/http/ngx_http_log_module.html#log_format), optionally followed by
   * further fields that are ignored.
   */
  CLF_COMBINED("clf_combined"),
  /**
   * ingress-nginx default {@code log-format-upstream}: combined plus {@code $request_length
   * $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr
   * $upstream_response_length $upstream_response_time $upstream_status $req_id}. Source:
   * https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/log-format/
   */
  INGRESS_NGINX("ingress_nginx"),
  /**
   * Traefik Common Log Format: combined plus {@code <requests-since-start> "<router>"
   * "<server-url>" <duration>ms}. Source: https://doc.traefik.io/traefik/observability/access-logs/
   */
  TRAEFIK_CLF("traefik_clf"),
  /**
   * nginx {@code log_format ... escape=json} with fields named after the nginx variables ({@code
   * time_iso8601}, {@code remote_addr}, {@code request}, {@code status}, ...). Source:
   * https://nginx.org/en/docs/http/ngx_http_log_module.html#log_format
   */
  NGINX_JSON("nginx_json"),
  /**
   * Traefik access log in JSON format ({@code ClientHost}, {@code DownstreamStatus}, {@code
   * Duration} in nanoseconds, ...). Source:
   * https://doc.traefik.io/traefik/observability/access-logs/
   */
  TRAEFIK_JSON("traefik_json"),
  /**
   * Caddy {@code http.log.access} JSON ({@code ts} epoch seconds, {@code request} object, {@code
   * duration} in seconds, ...). Source: https://caddyserver.com/docs/caddyfile/directives/log
   */
  CADDY_JSON("caddy_json");

  private final String code;

  LogFormat(String code) {
    this.code = code;
  }

  /**
   * Returns the value written to {@code AccessEvent.log_format}.
   *
   * @return lowercase snake_case name, never null
   */
  public String code() {
    return code;
  }
}
