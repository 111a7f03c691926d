package portcullis.server.http;

import java.nio.charset.StandardCharsets;
import portcullis.core.text.PercentEncoding;

/**
 * Request paths as routes see them: percent-encoded unreserved characters ({@code A-Z a-z 0-9 - . _
 * ~}) decoded, other escapes kept with upper-case hex, so that {@code /v2/who%61mi} matches the
 * {@code /v2/whoami} route exactly as the upstream will understand it. Malformed escapes: null.
 * Paths the gateway refuses to match, and how a path the client sent is quoted in a message.
 */
final class Paths {
  static final String MALFORMED = "The path has a malformed percent-encoding (a % must be followed by two hex digits).";
  static final String DOT_SEGMENTS = "The path must not contain '.' or '..' segments.";
  static final String ENCODED_SLASH = "The path must not contain encoded slashes (%2F).";
  static final String BACKSLASH = "The path must not contain backslashes ('\\' or %5C).";
  static final String CONTROL = "The request target must not contain control characters, spaces or DEL (bytes 0x00-0x20, 0x7F);"
      + " percent-encode them in the query.";
  static final String ENCODED_CONTROL = "The path must not contain encoded control characters (%00-%1F, %7F).";
  static final String EMPTY_SEGMENT = "The path must not contain empty segments ('//').";
  static final String SEMICOLON = "The path must not contain ';' (path parameters); percent-encode it as %3B if it is data.";
  static final String DOUBLE_ENCODED = "The path must not contain double-encoded characters ('%25' followed by two hex digits).";
  static final String SEGMENT_END = "A path segment must not end with a dot or a space (some servers drop them).";

  private Paths() {}

  /**
   * Why a {@link #normalize}d path is refused before matching, or null when it is not: {@code .} and
   * {@code ..} segments (also as {@code %2E}), encoded slashes, and backslashes raw or encoded, which
   * upstreams and file systems may read as separators.
   */
  static String refusal(String routePath) {
    int n = routePath.length();
    int start = 0; // each segment between slashes, as split("/", -1) cuts them, read in place
    for (int i = 0; i <= n; i++) {
      if (i < n && routePath.charAt(i) != '/') {
        continue;
      }
      int len = i - start;
      if ((len == 1 || len == 2) && routePath.charAt(start) == '.' && routePath.charAt(i - 1) == '.') {
        return DOT_SEGMENTS;
      }
      if (len == 0 && start > 0 && i < n) {
        return EMPTY_SEGMENT;
      }
      if (len > 0 && (routePath.charAt(i - 1) == '.' || (len >= 3 && routePath.startsWith("%20", i - 3)))) {
        return SEGMENT_END;
      }
      start = i + 1;
    }
    if (routePath.indexOf(';') >= 0) {
      return SEMICOLON;
    }
    for (int i = routePath.indexOf('%'); i >= 0; i = routePath.indexOf('%', i + 1)) {
      // normalize() left only reserved or non-ASCII escapes, with upper-case hex
      char hi = routePath.charAt(i + 1);
      char lo = routePath.charAt(i + 2);
      if (hi < '2' || (hi == '7' && lo == 'F')) {
        return ENCODED_CONTROL;
      }
      if (hi == '2' && lo == '5' && i + 4 < routePath.length() && Character.digit(routePath.charAt(i + 3), 16) >= 0
          && Character.digit(routePath.charAt(i + 4), 16) >= 0) {
        return DOUBLE_ENCODED;
      }
    }
    if (routePath.contains("%2f") || routePath.contains("%2F")) {
      return ENCODED_SLASH;
    }
    if (routePath.contains("\\") || routePath.contains("%5c") || routePath.contains("%5C")) {
      return BACKSLASH;
    }
    return null;
  }

  /**
   * Why a raw request target (path and query as received) is refused, or null: a control byte,
   * space or DEL anywhere in it (HTTP/1.1's parser lets some through, HTTP/2's {@code :path} any),
   * which an upstream or a log line would read differently.
   */
  static String targetRefusal(String rawPath, String rawQuery) {
    return hasControl(rawPath) || (rawQuery != null && hasControl(rawQuery)) ? CONTROL : null;
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /**
   * Text the client sent in a request line or header, for a message: the bytes arrive one char each
   * (ISO-8859-1), so they are read again as UTF-8 (malformed sequences become U+FFFD), and control and
   * format characters (C0, DEL, C1, bidi overrides, line separators) become {@code ?}. Escapes stay.
   */
  static String printable(String sent) {
    boolean bytes = true;
    boolean plain = true;
    for (int i = 0; i < sent.length(); i++) {
      char c = sent.charAt(i);
      bytes &= c <= 0xff;
      plain &= c >= 0x20 && c < 0x7f;
    }
    if (plain) {
      return sent;
    }
    String text = bytes ? new String(sent.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8) : sent;
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      int type = Character.getType(cp);
      boolean hidden = type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE || type == Character.UNASSIGNED;
      if (hidden) {
        out.append('?');
      } else {
        out.appendCodePoint(cp);
      }
    });
    return out.toString();
  }

  static String normalize(String raw) {
    if (raw == null) {
      return null;
    }
    int pct = raw.indexOf('%');
    if (pct < 0) {
      return raw;
    }
    StringBuilder out = new StringBuilder(raw.length());
    out.append(raw, 0, pct);
    for (int i = pct; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (!PercentEncoding.isEscape(raw, i)) {
        return null;
      }
      int d = PercentEncoding.escapedByte(raw, i);
      if (PercentEncoding.isUnreserved(d)) {
        out.append((char) d);
      } else {
        out.append('%').append(Character.toUpperCase(raw.charAt(i + 1))).append(Character.toUpperCase(raw.charAt(i + 2)));
      }
      i += 2;
    }
    return out.toString();
  }
}
