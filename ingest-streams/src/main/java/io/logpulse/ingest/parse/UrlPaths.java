package io.logpulse.ingest.parse;

/**
 * Percent-decoding of URL paths (RFC 3986 section 2.1, https://www.rfc-editor.org/rfc/rfc3986#section-2.1)
 * as UTF-8, never throwing: a {@code %} not followed by two hex digits, and escaped bytes that do not
 * form well-formed UTF-8 (overlong forms, surrogates, code points above U+10FFFF, truncated
 * sequences), are kept as logged; {@code +} is kept (it means space only in form data). {@code %2F}
 * decodes to {@code /}, as nginx's {@code $uri} does.
 */
public final class UrlPaths {

  private UrlPaths() {}

  /**
   * Percent-decodes a path as UTF-8, keeping malformed escapes and non-UTF-8 bytes as logged .
   *
   * @param raw the path as sent, not null
   * @return the decoded path; {@code raw} itself when it holds no valid escape
   */
  public static String percentDecode(String raw) {
    int first = raw.indexOf('%');
    if (first < 0) {
      return raw;
    }
    int length = raw.length();
    StringBuilder out = new StringBuilder(length);
    out.append(raw, 0, first);
    byte[] bytes = new byte[(length - first) / 3 + 1];
    int index = first;
    while (index < length) {
      char c = raw.charAt(index);
      if (c != '%' || !isEscape(raw, index)) {
        out.append(c);
        index++;
        continue;
      }
      int runStart = index;
      int count = 0;
      while (index < length && raw.charAt(index) == '%' && isEscape(raw, index)) {
        bytes[count++] =
            (byte) ((hexValue(raw.charAt(index + 1)) << 4) | hexValue(raw.charAt(index + 2)));
        index += 3;
      }
      appendUtf8(raw, runStart, bytes, count, out);
    }
    return out.toString();
  }

  private static boolean isEscape(String text, int percent) {
    return percent + 2 < text.length()
        && hexValue(text.charAt(percent + 1)) >= 0
        && hexValue(text.charAt(percent + 2)) >= 0;
  }

  private static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * Appends the UTF-8 decoding of {@code bytes[0, count)}, which came from the escapes starting at
   * {@code raw[runStart]}; a byte that does not start a well-formed sequence is appended as its
   * original three-character escape.
   */
  private static void appendUtf8(
      String raw, int runStart, byte[] bytes, int count, StringBuilder out) {
    int index = 0;
    while (index < count) {
      int b0 = bytes[index] & 0xff;
      int needed;
      int codePoint;
      int secondMinimum = 0x80;
      int secondMaximum = 0xbf;
      if (b0 < 0x80) {
        out.append((char) b0);
        index++;
        continue;
      } else if (b0 >= 0xc2 && b0 <= 0xdf) {
        needed = 1;
        codePoint = b0 & 0x1f;
      } else if (b0 >= 0xe0 && b0 <= 0xef) {
        needed = 2;
        codePoint = b0 & 0x0f;
        secondMinimum = b0 == 0xe0 ? 0xa0 : 0x80; // no overlong forms
        secondMaximum = b0 == 0xed ? 0x9f : 0xbf; // no surrogates
      } else if (b0 >= 0xf0 && b0 <= 0xf4) {
        needed = 3;
        codePoint = b0 & 0x07;
        secondMinimum = b0 == 0xf0 ? 0x90 : 0x80; // no overlong forms
        secondMaximum = b0 == 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
      } else {
        needed = -1;
        codePoint = 0;
      }
      boolean wellFormed = needed > 0 && index + needed < count;
      for (int next = 1; wellFormed && next <= needed; next++) {
        int b = bytes[index + next] & 0xff;
        int minimum = next == 1 ? secondMinimum : 0x80;
        int maximum = next == 1 ? secondMaximum : 0xbf;
        wellFormed = b >= minimum && b <= maximum;
        codePoint = (codePoint << 6) | (b & 0x3f);
      }
      if (wellFormed) {
        out.appendCodePoint(codePoint);
        index += needed + 1;
      } else {
        int escape = runStart + 3 * index;
        out.append(raw, escape, escape + 3);
        index++;
      }
    }
  }
}
