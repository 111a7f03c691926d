package portcullis.server.http;

/**
 * Request paths as routes see them: percent-encoded unreserved characters ({@code A-Z a-z 0-9 - . _
 * ~}) decoded, other escapes kept with upper-case hex, so that {@code /v2/who%61mi} matches the
 * {@code /v2/whoami} route exactly as the upstream will understand it. Malformed escapes: null.
 */
final class Paths {
  private Paths() {}

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
