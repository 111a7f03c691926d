package portcullis.server.http;

import java.nio.charset.StandardCharsets;

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

  private Paths() {}

  /**
   * Why a {@link #normalize}d path is refused before matching, or null when it is not: {@code .} and
   * {@code ..} segments (also as {@code %2E}), encoded slashes, and backslashes raw or encoded, which
   * upstreams and file systems may read as separators.
   */
  static String refusal(String routePath) {
    for (String seg : routePath.split("/", -1)) {
      String s = seg.replace("%2e", ".").replace("%2E", ".");
      if (s.equals(".") || s.equals("..")) {
        return DOT_SEGMENTS;
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
      if (i + 2 >= raw.length()) {
        return null;
      }
      int hi = Character.digit(raw.charAt(i + 1), 16);
      int lo = Character.digit(raw.charAt(i + 2), 16);
      if (hi < 0 || lo < 0) {
        return null;
      }
      char d = (char) (hi * 16 + lo);
      if ((d >= 'A' && d <= 'Z') || (d >= 'a' && d <= 'z') || (d >= '0' && d <= '9') || d == '-' || d == '.' || d == '_' || d == '~') {
        out.append(d);
      } else {
        out.append('%').append(Character.toUpperCase(raw.charAt(i + 1))).append(Character.toUpperCase(raw.charAt(i + 2)));
      }
      i += 2;
    }
    return out.toString();
  }
}
