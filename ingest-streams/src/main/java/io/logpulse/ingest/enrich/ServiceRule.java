package io.logpulse.ingest.enrich;

import io.logpulse.schemas.AccessEvent;
import java.util.Locale;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One rule of a {@link ServiceMapper}: given an event, the service name it assigns, or null when
 * the rule does not apply. Immutable and thread-safe.
 *
 * <p>Forms accepted by {@link #parse(String)}:
 *
 * <ul>
 *   <li>{@code host:<glob>=<service>}: applies when {@code url_domain} matches the glob. {@code *}
 *       matches any run of characters (dots included), every other character itself, ignoring
 *       ASCII case; {@code *.example.com} matches {@code api.example.com} and {@code
 *       a.b.example.com} but not {@code example.com}.
 *   <li>{@code path:<prefix>=<service>}: applies when the (decoded) {@code url_path} starts with
 *       the prefix at a segment boundary: {@code /api} matches {@code /api} and {@code /api/x} but
 *       not {@code /apiary}; a prefix ending in {@code /} is a plain prefix. The prefix starts with
 *       {@code /}.
 *   <li>{@code field:<avro field name>}: applies when that string field of {@link AccessEvent} is
 *       not null and not empty, and uses its value, e.g. {@code field:url_domain}.
 * </ul>
 *
 * <p>The service name is used as given (trimmed of surrounding spaces; it must not be empty).
 */
public final class ServiceRule {

  private enum Kind {
    HOST,
    PATH,
    FIELD
  }

  private final String text;
  private final Kind kind;
  private final String operand; // glob (lower case), prefix, or unused for FIELD
  private final int fieldPosition;
  private final String service;

  private ServiceRule(String text, Kind kind, String operand, int fieldPosition, String service) {
    this.text = text;
    this.kind = kind;
    this.operand = operand;
    this.fieldPosition = fieldPosition;
    this.service = service;
  }

  /**
   * Parses a rule.
   *
   * @param rule the rule text, e.g. {@code host:*.example.com=shop}; not null
   * @return the rule
   * @throws IllegalArgumentException naming the rule when it has no known prefix, no {@code =} or
   *     an empty glob, prefix or service, a path prefix not starting with {@code /}, or a field name
   *     that is not a string field of {@link AccessEvent}
   */
  public static ServiceRule parse(String rule) {
    Objects.requireNonNull(rule, "rule");
    String text = rule.trim();
    if (text.startsWith("field:")) {
      String name = text.substring("field:".length()).trim();
      Schema.Field field = AccessEvent.getClassSchema().getField(name);
      if (field == null) {
        throw invalid(rule, "'" + name + "' is not a field of AccessEvent");
      }
      if (!isString(field.schema())) {
        throw invalid(rule, "field '" + name + "' is not a string field");
      }
      return new ServiceRule(text, Kind.FIELD, null, field.pos(), null);
    }
    Kind kind;
    if (text.startsWith("host:")) {
      kind = Kind.HOST;
    } else if (text.startsWith("path:")) {
      kind = Kind.PATH;
    } else {
      throw invalid(rule, "expected host:<glob>=<service>, path:<prefix>=<service> or field:<name>");
    }
    int equals = text.lastIndexOf('=');
    if (equals < 0) {
      throw invalid(rule, "missing '=<service>'");
    }
    String operand = text.substring(5, equals).trim();
    String service = text.substring(equals + 1).trim();
    if (operand.isEmpty()) {
      throw invalid(rule, kind == Kind.HOST ? "empty host glob" : "empty path prefix");
    }
    if (service.isEmpty()) {
      throw invalid(rule, "empty service name");
    }
    if (kind == Kind.PATH && operand.charAt(0) != '/') {
      throw invalid(rule, "the path prefix must start with '/'");
    }
    if (kind == Kind.HOST) {
      operand = operand.toLowerCase(Locale.ROOT);
    }
    return new ServiceRule(text, kind, operand, -1, service);
  }

  /**
   * The service this rule assigns to the event.
   *
   * @param event the event, not null
   * @return the service name, or null when the rule does not apply
   */
  public String serviceFor(AccessEvent event) {
    return switch (kind) {
      case HOST -> {
        String domain = event.getUrlDomain();
        yield domain != null && globMatches(operand, domain) ? service : null;
      }
      case PATH -> {
        String path = event.getUrlPath();
        yield path != null && prefixMatches(operand, path) ? service : null;
      }
      case FIELD -> {
        Object value = event.get(fieldPosition);
        yield value == null || value.toString().isEmpty() ? null : value.toString();
      }
    };
  }

  @Override
  public String toString() {
    return text;
  }

  private static boolean isString(Schema schema) {
    if (schema.getType() == Schema.Type.STRING) {
      return true;
    }
    if (schema.getType() == Schema.Type.UNION) {
      for (Schema branch : schema.getTypes()) {
        if (branch.getType() == Schema.Type.STRING) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean prefixMatches(String prefix, String path) {
    if (!path.startsWith(prefix)) {
      return false;
    }
    return prefix.endsWith("/") || path.length() == prefix.length()
        || path.charAt(prefix.length()) == '/';
  }

  /**
   * Glob match with {@code *} only, ASCII case-insensitive ({@code glob} is lower case already);
   * iterative with backtracking to the last star, linear for one star.
   */
  static boolean globMatches(String glob, String text) {
    int g = 0;
    int t = 0;
    int star = -1;
    int starText = 0;
    while (t < text.length()) {
      if (g < glob.length() && glob.charAt(g) == '*') {
        star = g++;
        starText = t;
      } else if (g < glob.length() && glob.charAt(g) == lowerAscii(text.charAt(t))) {
        g++;
        t++;
      } else if (star >= 0) {
        g = star + 1;
        t = ++starText;
      } else {
        return false;
      }
    }
    while (g < glob.length() && glob.charAt(g) == '*') {
      g++;
    }
    return g == glob.length();
  }

  private static char lowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  private static IllegalArgumentException invalid(String rule, String problem) {
    return new IllegalArgumentException("Invalid service rule '" + rule + "': " + problem);
  }
}
