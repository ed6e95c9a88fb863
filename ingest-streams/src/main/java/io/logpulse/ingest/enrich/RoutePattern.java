package io.logpulse.ingest.enrich;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A user-supplied route template such as {@code /users/{id}/orders/{orderId}} or {@code
 * /static/**}, matched against a percent-decoded {@code url_path} segment by segment.
 *
 * <p>Syntax (a subset of the OpenTelemetry {@code http.route} / Spring path-pattern style):
 *
 * <ul>
 *   <li>the template starts with {@code /}; segments are separated by {@code /};
 *   <li>a literal segment matches the same text exactly (case-sensitive);
 *   <li>{@code {name}} (a whole segment; name of letters, digits, {@code _}, {@code -}) matches
 *       exactly one non-empty segment;
 *   <li>{@code *} matches exactly one non-empty segment;
 *   <li>{@code **}, only as the last segment, matches zero or more remaining segments;
 *   <li>a trailing {@code /} on the path or the template is ignored, so {@code /users/{id}}
 *       matches {@code /users/7/}.
 * </ul>
 *
 * <p>Matching allocates nothing and uses no regular expression. Instances are immutable and
 * thread-safe.
 */
public final class RoutePattern {

  private enum Kind {
    LITERAL,
    VARIABLE,
    ANY_SEGMENT,
    REST
  }

  private final String template;
  private final Kind[] kinds;
  private final String[] literals;

  private RoutePattern(String template, Kind[] kinds, String[] literals) {
    this.template = template;
    this.kinds = kinds;
    this.literals = literals;
  }

  /**
   * Parses a route template.
   *
   * @param template the template text, e.g. {@code /users/{id}/orders/{orderId}}; not null
   * @return the pattern, whose {@link #template()} is {@code template} unchanged
   * @throws IllegalArgumentException when the template is empty, does not start with {@code /},
   *     has an unbalanced or empty brace, a brace inside a literal segment, a {@code **} that is not
   *     the last segment, or a character below U+0021; the message names the 0-based position
   */
  public static RoutePattern parse(String template) {
    Objects.requireNonNull(template, "template");
    if (template.isEmpty() || template.charAt(0) != '/') {
      throw invalid(template, 0, "must start with '/'");
    }
    List<Kind> kinds = new ArrayList<>();
    List<String> literals = new ArrayList<>();
    int start = 1;
    while (start <= template.length()) {
      int end = template.indexOf('/', start);
      if (end < 0) {
        end = template.length();
      }
      if (!kinds.isEmpty() && kinds.get(kinds.size() - 1) == Kind.REST) {
        throw invalid(template, start - 1, "'**' must be the last segment");
      }
      if (start == template.length() && start > 1) {
        break; // a trailing '/' on the template is ignored, as on the path
      }
      String segment = template.substring(start, end);
      for (int index = start; index < end; index++) {
        if (template.charAt(index) <= ' ') {
          throw invalid(template, index, "control character or space");
        }
      }
      if (segment.equals("**")) {
        kinds.add(Kind.REST);
        literals.add(null);
      } else if (segment.equals("*")) {
        kinds.add(Kind.ANY_SEGMENT);
        literals.add(null);
      } else if (segment.startsWith("{")) {
        checkVariable(template, start, end);
        kinds.add(Kind.VARIABLE);
        literals.add(null);
      } else {
        int brace = indexOfAny(template, start, end, "{}*");
        if (brace >= 0) {
          throw invalid(
              template,
              brace,
              "'" + template.charAt(brace) + "' is only allowed as a whole segment");
        }
        kinds.add(Kind.LITERAL);
        literals.add(segment);
      }
      start = end + 1;
    }
    return new RoutePattern(
        template, kinds.toArray(new Kind[0]), literals.toArray(new String[0]));
  }

  /** The template text as given to {@link #parse(String)}; used as {@code http_route}. */
  public String template() {
    return template;
  }

  /**
   * Whether the decoded path matches this template.
   *
   * @param path a percent-decoded {@code url_path}; null never matches
   * @return true on a match
   */
  public boolean matches(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return false;
    }
    int length = path.length();
    if (length > 1 && path.charAt(length - 1) == '/') {
      length--; // a trailing slash is ignored
    }
    int position = 1;
    for (int index = 0; index < kinds.length; index++) {
      Kind kind = kinds[index];
      if (kind == Kind.REST) {
        return true;
      }
      if (position > length) {
        return false; // path has fewer segments than the template
      }
      int end = path.indexOf('/', position);
      if (end < 0 || end > length) {
        end = length;
      }
      int segmentLength = end - position;
      if (kind == Kind.LITERAL) {
        String literal = literals[index];
        if (segmentLength != literal.length()
            || !path.regionMatches(position, literal, 0, segmentLength)) {
          return false;
        }
      } else if (segmentLength == 0) {
        return false; // a variable or '*' needs a non-empty segment
      }
      position = end + 1;
    }
    return position > length;
  }

  @Override
  public String toString() {
    return template;
  }

  private static void checkVariable(String template, int start, int end) {
    if (template.charAt(end - 1) != '}' || end - start < 2) {
      throw invalid(template, start, "'{' without a closing '}' at the end of the segment");
    }
    if (end - start == 2) {
      throw invalid(template, start, "empty variable name");
    }
    for (int index = start + 1; index < end - 1; index++) {
      char c = template.charAt(index);
      boolean nameCharacter =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-';
      if (!nameCharacter) {
        throw invalid(template, index, "variable names are letters, digits, '_' and '-'");
      }
    }
  }

  private static int indexOfAny(String text, int from, int to, String characters) {
    for (int index = from; index < to; index++) {
      if (characters.indexOf(text.charAt(index)) >= 0) {
        return index;
      }
    }
    return -1;
  }

  private static IllegalArgumentException invalid(String template, int position, String problem) {
    return new IllegalArgumentException(
        "Invalid route pattern '" + template + "' at position " + position + ": " + problem);
  }
}
