package io.logpulse.ingest.parse;

/** Helpers for rejection messages. */
final class Messages {

  /** Longest excerpt of the line quoted in a message, in characters. */
  static final int MAX_EXCERPT_CHARS = 40;

  private Messages() {}

  /**
   * Returns {@code text[from, to)}, cut to {@link #MAX_EXCERPT_CHARS} characters followed by {@code
   * ...} when longer, so messages stay short whatever the line.
   */
  static String excerpt(String text, int from, int to) {
    if (to - from <= MAX_EXCERPT_CHARS) {
      return text.substring(from, to);
    }
    return text.substring(from, from + MAX_EXCERPT_CHARS) + "...";
  }
}
