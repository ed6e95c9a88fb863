package io.logpulse.ingest.parse;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A server format string compiled once into a token program: literal delimiters alternating with
 * typed field slots, {@code literal[0] slot[0] literal[1] ... slot[n-1] literal[n]}, where only the
 * first and last literal may be empty. {@link FormatLineParser} walks it with index arithmetic.
 * Immutable.
 *
 * @see ApacheFormatCompiler
 * @see NginxFormatCompiler
 */
final class FormatProgram {

  /**
   * One field of the line.
   *
   * @param kind how the text is read
   * @param directive the directive as written in the format, e.g. {@code %>s} or {@code $status}
   * @param position 1-based position of the directive in the format string
   * @param quoted true when the literal before ends with {@code "} and the literal after starts
   *     with {@code "}: the field ends at the first unescaped quote followed by the next literal
   */
  record Slot(FieldKind kind, String directive, int position, boolean quoted) {}

  /** How a quoted field escapes a quote: Apache {@code \"}, nginx {@code \x22}. */
  enum Dialect {
    APACHE("Apache LogFormat"),
    NGINX("nginx log_format");

    private final String label;

    Dialect(String label) {
      this.label = label;
    }

    String label() {
      return label;
    }
  }

  private final Dialect dialect;
  private final String source;
  private final String code;
  private final String[] literals;
  private final Slot[] slots;

  private FormatProgram(
      Dialect dialect, String source, String code, List<String> literals, List<Slot> slots) {
    this.dialect = dialect;
    this.source = source;
    this.code = code;
    this.literals = literals.toArray(new String[0]);
    this.slots = slots.toArray(new Slot[0]);
  }

  Dialect dialect() {
    return dialect;
  }

  String source() {
    return source;
  }

  /** The {@code log_format} value written for lines parsed with this program. */
  String code() {
    return code;
  }

  int slotCount() {
    return slots.length;
  }

  Slot slot(int index) {
    return slots[index];
  }

  /** The literal before slot {@code index}; {@code literal(slotCount())} is the trailing one. */
  String literal(int index) {
    return literals[index];
  }

  /** Collects literals and slots while a compiler reads a format string. */
  static final class Builder {
    private final Dialect dialect;
    private final String source;
    private final StringBuilder literal = new StringBuilder();
    private final List<String> literals = new ArrayList<>();
    private final List<FieldKind> kinds = new ArrayList<>();
    private final List<String> directives = new ArrayList<>();
    private final List<Integer> positions = new ArrayList<>();

    Builder(Dialect dialect, String source) {
      this.dialect = dialect;
      this.source = source;
    }

    void literal(char c) {
      literal.append(c);
    }

    /**
     * Adds a field.
     *
     * @throws IllegalArgumentException when no literal text separates it from the previous field,
     *     since the line would not say where one ends (except a path directly followed by a
     *     {@code ?query}, Apache {@code %U%q}, which become one path-and-query field)
     */
    void slot(FieldKind kind, String directive, int position) {
      int previous = kinds.size() - 1;
      if (previous >= 0
          && literal.length() == 0
          && kinds.get(previous) == FieldKind.PATH
          && kind == FieldKind.QUERY_WITH_MARK) {
        // Apache's idiomatic %U%q: one field, the (decoded) path then ?query
        kinds.set(previous, FieldKind.PATH_AND_QUERY);
        directives.set(previous, directives.get(previous) + directive);
        return;
      }
      if (!kinds.isEmpty() && literal.length() == 0) {
        throw new IllegalArgumentException(
            dialect.label()
                + " directive '"
                + directive
                + "' at position "
                + position
                + " directly follows '"
                + directives.get(directives.size() - 1)
                + "' with no literal text between them, so a line cannot say where one ends");
      }
      literals.add(literal.toString());
      literal.setLength(0);
      kinds.add(kind);
      directives.add(directive);
      positions.add(position);
    }

    /** Replaces the kind of every slot of kind {@code from} written as {@code directive}. */
    void retype(String directive, FieldKind from, FieldKind to) {
      for (int index = 0; index < kinds.size(); index++) {
        if (kinds.get(index) == from && directives.get(index).equals(directive)) {
          kinds.set(index, to);
        }
      }
    }

    boolean has(FieldKind kind) {
      return kinds.contains(kind);
    }

    /**
     * Finishes the program.
     *
     * @throws IllegalArgumentException when the format lacks a time, a client or a status field,
     *     which every {@code AccessEvent} requires
     */
    FormatProgram build(String code) {
      literals.add(literal.toString());
      Set<FieldKind> present = kinds.isEmpty() ? EnumSet.noneOf(FieldKind.class) : EnumSet.copyOf(kinds);
      boolean time =
          present.contains(FieldKind.TIME_CLF)
              || present.contains(FieldKind.TIME_CLF_BRACKETED)
              || present.contains(FieldKind.TIME_ISO)
              || present.contains(FieldKind.TIME_EPOCH_SECONDS)
              || present.contains(FieldKind.TIME_EPOCH_MILLIS)
              || present.contains(FieldKind.TIME_EPOCH_MICROS);
      String example = dialect == Dialect.APACHE ? "%t" : "$time_local";
      requirePresent(time, "a time directive (" + example + ")", "timestamp");
      requirePresent(
          present.contains(FieldKind.CLIENT),
          dialect == Dialect.APACHE ? "a client directive (%h or %a)" : "$remote_addr",
          "source_address");
      requirePresent(
          present.contains(FieldKind.STATUS),
          dialect == Dialect.APACHE ? "a status directive (%>s or %s)" : "$status",
          "http_response_status_code");
      List<Slot> slots = new ArrayList<>(kinds.size());
      for (int index = 0; index < kinds.size(); index++) {
        String before = literals.get(index);
        String after = literals.get(index + 1);
        boolean quoted = before.endsWith("\"") && after.startsWith("\"");
        slots.add(new Slot(kinds.get(index), directives.get(index), positions.get(index), quoted));
      }
      return new FormatProgram(dialect, source, code, literals, slots);
    }

    private void requirePresent(boolean present, String what, String field) {
      if (!present) {
        throw new IllegalArgumentException(
            dialect.label()
                + " '"
                + source
                + "' lacks "
                + what
                + "; every AccessEvent needs "
                + field);
      }
    }
  }
}
