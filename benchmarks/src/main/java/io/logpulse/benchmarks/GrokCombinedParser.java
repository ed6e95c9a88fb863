package io.logpulse.benchmarks;

import io.logpulse.schemas.AccessEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The regular-expression baseline: Logstash's grok pattern {@code COMBINEDAPACHELOG}, expanded
 * exactly as grok expands it and compiled once with {@link java.util.regex}, followed by the
 * post-processing a Logstash pipeline adds ({@code date} filter with {@code dd/MMM/yyyy:HH:mm:ss
 * Z}, integer conversion of status and size) and the construction of the same {@link
 * AccessEvent} the real parser builds.
 *
 * <p>Pattern definitions, copied verbatim from logstash-plugins/logstash-patterns-core (legacy
 * pattern set, the one that defines {@code COMBINEDAPACHELOG}):
 *
 * <ul>
 *   <li>{@code patterns/legacy/httpd}: {@code COMBINEDAPACHELOG %{HTTPD_COMBINEDLOG}}, {@code
 *       HTTPD_COMBINEDLOG %{HTTPD_COMMONLOG} %{QS:referrer} %{QS:agent}}, {@code HTTPD_COMMONLOG
 *       %{IPORHOST:clientip} %{HTTPDUSER:ident} %{HTTPDUSER:auth} \[%{HTTPDATE:timestamp}\]
 *       "(?:%{WORD:verb} %{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion})?|%{DATA:rawrequest})"
 *       (?:%{NUMBER:response}|-) (?:%{NUMBER:bytes}|-)}, {@code HTTPDUSER
 *       %{EMAILADDRESS}|%{USER}}
 *   <li>{@code patterns/legacy/grok-patterns}: {@code IPORHOST}, {@code IP}, {@code IPV4}, {@code
 *       IPV6}, {@code HOSTNAME}, {@code EMAILADDRESS}, {@code USER}, {@code HTTPDATE}, {@code
 *       WORD}, {@code NOTSPACE}, {@code NUMBER}, {@code INT}, {@code DATA}, {@code QS} and the
 *       time parts, see {@link #DEFINITIONS}
 * </ul>
 *
 * https://github.com/logstash-plugins/logstash-patterns-core/tree/main/patterns/legacy
 *
 * <p>Expansion follows grok: {@code %{NAME:field}} becomes a named group, {@code %{NAME}} a group
 * (non-capturing here), recursively. Java group names admit no {@code _} or {@code .}, which the
 * legacy field names do not use. The match is anchored at both ends ({@link Matcher#matches()}),
 * as a grok filter in front of a fixed format would be.
 *
 * <p>Field mapping onto {@link AccessEvent} follows the real parser for the combined format:
 * {@code "-"} user, referrer and agent become null; {@code "-"} size becomes 0; the request
 * target is split at the first {@code ?} into path and query; a request that grok reads as {@code
 * rawrequest} sets only {@code url_original} (null for an empty request or {@code -}). Not
 * reproduced: the parser's IP canonicalisation ({@code source_ip} is the client text when it
 * matched as an IP) and the absolute-form target split. Lines the pattern does not match, or
 * whose status is outside 100-599, yield null. Immutable and thread-safe.
 */
public final class GrokCombinedParser {

  /** The grok definitions used, verbatim (Java string escaping aside). */
  static final Map<String, String> DEFINITIONS = definitions();

  /** {@code COMBINEDAPACHELOG}, fully expanded. */
  static final String EXPANDED_PATTERN = expand("%{COMBINEDAPACHELOG}", DEFINITIONS);

  static final Pattern COMBINED = Pattern.compile(EXPANDED_PATTERN);

  static final DateTimeFormatter HTTPDATE =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

  private final String serviceName;

  /**
   * Creates a baseline parser.
   *
   * @param serviceName copied into {@code service_name}; not null
   */
  public GrokCombinedParser(String serviceName) {
    this.serviceName = serviceName;
  }

  /**
   * Parses one combined-format line.
   *
   * @param line one line without its terminator; not null
   * @return the event, or null if the line does not match {@code COMBINEDAPACHELOG}, its timestamp
   *     does not parse, or its status is outside 100-599
   */
  public AccessEvent parse(String line) {
    Matcher matcher = COMBINED.matcher(line);
    if (!matcher.matches()) {
      return null;
    }
    Instant timestamp;
    try {
      timestamp = OffsetDateTime.parse(matcher.group("timestamp"), HTTPDATE).toInstant();
    } catch (DateTimeParseException e) {
      return null; // Logstash tags the event _dateparsefailure; the real parser rejects it
    }
    String response = matcher.group("response");
    if (response == null) {
      return null;
    }
    int status;
    long bytes;
    try {
      status = Integer.parseInt(response);
      String size = matcher.group("bytes");
      bytes = size == null ? 0L : Long.parseLong(size);
    } catch (NumberFormatException e) {
      return null; // NUMBER also admits signs and fractions, which are not status codes or sizes
    }
    if (status < 100 || status > 599) {
      return null;
    }

    String clientAddress = matcher.group("clientip");
    String method = matcher.group("verb");
    String target = matcher.group("request");
    String urlOriginal;
    String urlPath = null;
    String urlQuery = null;
    String httpVersion = null;
    if (method != null) {
      urlOriginal = target;
      int question = target.indexOf('?');
      urlPath = question < 0 ? target : (question == 0 ? null : target.substring(0, question));
      urlQuery = question < 0 ? null : target.substring(question + 1);
      httpVersion = matcher.group("httpversion");
    } else {
      String raw = matcher.group("rawrequest");
      urlOriginal = raw.isEmpty() || raw.equals("-") ? null : raw;
    }
    boolean isIp = matcher.group("clientipv4") != null || matcher.group("clientipv6") != null;
    String sourceIp = isIp ? clientAddress : null;

    return AccessEvent.newBuilder()
        .setTimestamp(timestamp)
        .setServiceName(serviceName)
        .setLogFormat("clf_combined")
        .setSourceAddress(clientAddress)
        .setSourceIp(sourceIp)
        .setUserName(dashToNull(matcher.group("auth")))
        .setHttpRequestMethod(method)
        .setUrlOriginal(urlOriginal)
        .setUrlPath(urlPath)
        .setUrlQuery(urlQuery)
        .setHttpVersion(httpVersion)
        .setHttpResponseStatusCode(status)
        .setHttpResponseBodyBytes(bytes)
        .setHttpRequestReferrer(unquote(matcher.group("referrer")))
        .setUserAgentOriginal(unquote(matcher.group("agent")))
        .setEventDuration(null)
        .setEventIngested(null)
        .setEventOriginal(null)
        .setUrlDomain(null)
        .setHttpRoute(null)
        .setHttpRequestId(null)
        .setHttpRequestBytes(null)
        .setHttpResponseBytes(null)
        .setHttpRequestHeaderXForwardedFor(null)
        .setClientIp(sourceIp)
        .setClientGeoCountryIsoCode(null)
        .setClientGeoCountryName(null)
        .setClientGeoCityName(null)
        .setClientAsNumber(null)
        .setClientAsOrganizationName(null)
        .setUserAgentName(null)
        .setUserAgentVersion(null)
        .setUserAgentOsName(null)
        .setUserAgentOsVersion(null)
        .setUserAgentDeviceName(null)
        .setUserAgentDeviceClass(null)
        .setUserAgentIsBot(null)
        .setUpstreamAddress(null)
        .setUpstreamStatus(null)
        .setUpstreamStatusCode(null)
        .setUpstreamResponseTime(null)
        .setUpstreamDuration(null)
        .setTags(new ArrayList<>(2))
        .build();
  }

  private static String dashToNull(String value) {
    return value == null || value.equals("-") ? null : value;
  }

  /** A {@code QS} capture without its quotes; null for {@code "-"} and {@code ""}. */
  private static String unquote(String quoted) {
    String text = quoted.substring(1, quoted.length() - 1);
    return text.isEmpty() || text.equals("-") ? null : text;
  }

  /**
   * Expands grok references: {@code %{NAME:field}} becomes {@code (?<field>...)} and {@code
   * %{NAME}} becomes {@code (?:...)}, recursively.
   *
   * @param pattern a grok pattern
   * @param definitions pattern name to definition
   * @return a {@link java.util.regex} pattern
   * @throws IllegalArgumentException if a referenced name is not defined
   */
  static String expand(String pattern, Map<String, String> definitions) {
    Matcher reference = Pattern.compile("%\\{(\\w+)(?::(\\w+))?\\}").matcher(pattern);
    StringBuilder expanded = new StringBuilder();
    while (reference.find()) {
      String definition = definitions.get(reference.group(1));
      if (definition == null) {
        throw new IllegalArgumentException("Undefined grok pattern " + reference.group(1));
      }
      String field = reference.group(2);
      String group = (field == null ? "(?:" : "(?<" + field + ">") + expand(definition, definitions) + ")";
      reference.appendReplacement(expanded, Matcher.quoteReplacement(group));
    }
    reference.appendTail(expanded);
    return expanded.toString();
  }

  private static Map<String, String> definitions() {
    Map<String, String> grok = new LinkedHashMap<>();
    // patterns/legacy/httpd
    grok.put("COMBINEDAPACHELOG", "%{HTTPD_COMBINEDLOG}");
    grok.put("HTTPD_COMBINEDLOG", "%{HTTPD_COMMONLOG} %{QS:referrer} %{QS:agent}");
    grok.put(
        "HTTPD_COMMONLOG",
        "%{IPORHOST:clientip} %{HTTPDUSER:ident} %{HTTPDUSER:auth} \\[%{HTTPDATE:timestamp}\\]"
            + " \"(?:%{WORD:verb} %{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion})?"
            + "|%{DATA:rawrequest})\" (?:%{NUMBER:response}|-) (?:%{NUMBER:bytes}|-)");
    grok.put("HTTPDUSER", "%{EMAILADDRESS}|%{USER}");
    // patterns/legacy/grok-patterns
    grok.put("USERNAME", "[a-zA-Z0-9._-]+");
    grok.put("USER", "%{USERNAME}");
    grok.put("EMAILLOCALPART", "[a-zA-Z][a-zA-Z0-9_.+-=:]+");
    grok.put("EMAILADDRESS", "%{EMAILLOCALPART}@%{HOSTNAME}");
    grok.put("INT", "(?:[+-]?(?:[0-9]+))");
    grok.put("BASE10NUM", "(?<![0-9.+-])(?>[+-]?(?:(?:[0-9]+(?:\\.[0-9]+)?)|(?:\\.[0-9]+)))");
    grok.put("NUMBER", "(?:%{BASE10NUM})");
    grok.put("WORD", "\\b\\w+\\b");
    grok.put("NOTSPACE", "\\S+");
    grok.put("DATA", ".*?");
    grok.put(
        "QUOTEDSTRING",
        "(?>(?<!\\\\)(?>\"(?>\\\\.|[^\\\\\"]+)+\"|\"\"|(?>'(?>\\\\.|[^\\\\']+)+')|''"
            + "|(?>`(?>\\\\.|[^\\\\`]+)+`)|``))");
    grok.put("QS", "%{QUOTEDSTRING}");
    grok.put("IPV6", IPV6);
    grok.put(
        "IPV4",
        "(?<![0-9])(?:(?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5])[.](?:[0-1]?[0-9]{1,2}|2[0-4][0-9]"
            + "|25[0-5])[.](?:[0-1]?[0-9]{1,2}|2[0-4][0-9]|25[0-5])[.](?:[0-1]?[0-9]{1,2}"
            + "|2[0-4][0-9]|25[0-5]))(?![0-9])");
    // Named so the baseline can tell an IP client from a host name (grok: IP (?:%{IPV6}|%{IPV4}))
    grok.put("IP", "(?:%{IPV6:clientipv6}|%{IPV4:clientipv4})");
    grok.put(
        "HOSTNAME",
        "\\b(?:[0-9A-Za-z][0-9A-Za-z-]{0,62})(?:\\.(?:[0-9A-Za-z][0-9A-Za-z-]{0,62}))*(\\.?|\\b)");
    grok.put("IPORHOST", "(?:%{IP}|%{HOSTNAME})");
    grok.put(
        "MONTH",
        "\\b(?:[Jj]an(?:uary|uar)?|[Ff]eb(?:ruary|ruar)?|[Mm](?:a|\u00e4)?r(?:ch|z)?|[Aa]pr(?:il)?"
            + "|[Mm]a(?:y|i)?|[Jj]un(?:e|i)?|[Jj]ul(?:y|i)?|[Aa]ug(?:ust)?|[Ss]ep(?:tember)?"
            + "|[Oo](?:c|k)?t(?:ober)?|[Nn]ov(?:ember)?|[Dd]e(?:c|z)(?:ember)?)\\b");
    grok.put("MONTHDAY", "(?:(?:0[1-9])|(?:[12][0-9])|(?:3[01])|[1-9])");
    grok.put("YEAR", "(?>\\d\\d){1,2}");
    grok.put("HOUR", "(?:2[0123]|[01]?[0-9])");
    grok.put("MINUTE", "(?:[0-5][0-9])");
    grok.put("SECOND", "(?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)");
    grok.put("TIME", "(?!<[0-9])%{HOUR}:%{MINUTE}(?::%{SECOND})(?![0-9])");
    grok.put("HTTPDATE", "%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT}");
    return Map.copyOf(grok);
  }

  private static final String IPV6 =
      "((([0-9A-Fa-f]{1,4}:){7}([0-9A-Fa-f]{1,4}|:))|(([0-9A-Fa-f]{1,4}:){6}(:[0-9A-Fa-f]{1,4}"
          + "|((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3})|:))"
          + "|(([0-9A-Fa-f]{1,4}:){5}(((:[0-9A-Fa-f]{1,4}){1,2})|:((25[0-5]|2[0-4]\\d|1\\d\\d"
          + "|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3})|:))|(([0-9A-Fa-f]{1,4}:){4}"
          + "(((:[0-9A-Fa-f]{1,4}){1,3})|((:[0-9A-Fa-f]{1,4})?:((25[0-5]|2[0-4]\\d|1\\d\\d"
          + "|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){3}"
          + "(((:[0-9A-Fa-f]{1,4}){1,4})|((:[0-9A-Fa-f]{1,4}){0,2}:((25[0-5]|2[0-4]\\d|1\\d\\d"
          + "|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){2}"
          + "(((:[0-9A-Fa-f]{1,4}){1,5})|((:[0-9A-Fa-f]{1,4}){0,3}:((25[0-5]|2[0-4]\\d|1\\d\\d"
          + "|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}))|:))|(([0-9A-Fa-f]{1,4}:){1}"
          + "(((:[0-9A-Fa-f]{1,4}){1,6})|((:[0-9A-Fa-f]{1,4}){0,4}:((25[0-5]|2[0-4]\\d|1\\d\\d"
          + "|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}))|:))|(:(((:[0-9A-Fa-f]{1,4})"
          + "{1,7})|((:[0-9A-Fa-f]{1,4}){0,5}:((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]"
          + "|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}))|:)))(%.+)?";
}
