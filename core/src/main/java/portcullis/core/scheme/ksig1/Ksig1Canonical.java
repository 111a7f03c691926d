package portcullis.core.scheme.ksig1;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import portcullis.core.crypto.Crypto;

/**
 * The KSig1-HMAC-SHA256 canonical request, string to sign and signature (PRODUCT.md scheme 6).
 * Stateless; never throws on any input.
 */
final class Ksig1Canonical {
  static final String ALGORITHM = "KSig1-HMAC-SHA256";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Ksig1Canonical() {}

  /** Each segment percent-decoded then RFC 3986-encoded, joined with '/'; empty path = "/". */
  static String path(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    StringBuilder out = new StringBuilder(rawPath.length() + 8);
    int start = 0;
    while (true) {
      int slash = rawPath.indexOf('/', start);
      String seg = slash < 0 ? rawPath.substring(start) : rawPath.substring(start, slash);
      encode(out, decode(seg));
      if (slash < 0) {
        break;
      }
      out.append('/');
      start = slash + 1;
    }
    return out.toString();
  }

  /** name=value pairs decoded ('+' literal), encoded, sorted by encoded name then value, joined with '&'. */
  static String query(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String p : rawQuery.split("&", -1)) {
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String n = eq < 0 ? p : p.substring(0, eq);
      String v = eq < 0 ? "" : p.substring(eq + 1);
      pairs.add(new String[] {encode(new StringBuilder(), decode(n)).toString(),
          encode(new StringBuilder(), decode(v)).toString()});
    }
    pairs.sort((a, b) -> {
      int c = a[0].compareTo(b[0]);
      return c != 0 ? c : a[1].compareTo(b[1]);
    });
    StringBuilder out = new StringBuilder(rawQuery.length() + 16);
    for (String[] p : pairs) {
      if (!out.isEmpty()) {
        out.append('&');
      }
      out.append(p[0]).append('=').append(p[1]);
    }
    return out.toString();
  }

  /** Trimmed, inner runs of spaces collapsed to one; several values joined with ','. */
  static String headerValue(List<String> values) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String v = values.get(i).strip();
      boolean space = false;
      for (int j = 0; j < v.length(); j++) {
        char c = v.charAt(j);
        if (c == ' ') {
          if (!space) {
            out.append(' ');
          }
          space = true;
        } else {
          out.append(c);
          space = false;
        }
      }
    }
    return out.toString();
  }

  /**
   * @param names the signed header names, lowercase, de-duplicated and sorted
   * @param values the canonical value of each, in the same order
   */
  static String request(String method, String rawPath, String rawQuery, List<String> names, List<String> values, byte[] body) {
    StringBuilder b = new StringBuilder(256);
    b.append(method).append('\n').append(path(rawPath)).append('\n').append(query(rawQuery)).append('\n');
    for (int i = 0; i < names.size(); i++) {
      b.append(names.get(i)).append(':').append(values.get(i)).append('\n');
    }
    b.append('\n').append(String.join(";", names)).append('\n').append(Crypto.hex(Crypto.sha256(body)));
    return b.toString();
  }

  /** Hashes the canonical request's bytes as received (see {@link #wireBytes}). */
  static String stringToSign(String timestamp, String canonicalRequest) {
    return ALGORITHM + "\n" + timestamp + "\n" + Crypto.hex(Crypto.sha256(wireBytes(canonicalRequest)));
  }

  static String signature(String secret, String stringToSign) {
    return Crypto.hex(Crypto.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), stringToSign.getBytes(StandardCharsets.UTF_8)));
  }

  /** Percent-decodes to bytes ('+' stays a plus); a '%' without two hex digits stays literal. */
  static byte[] decode(String s) {
    if (s.indexOf('%') < 0) {
      return wireBytes(s);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    int i = 0;
    while (i < s.length()) {
      int pct = s.indexOf('%', i);
      if (pct < 0) {
        bytes.writeBytes(wireBytes(s.substring(i)));
        break;
      }
      bytes.writeBytes(wireBytes(s.substring(i, pct)));
      if (pct + 2 < s.length() && hex(s.charAt(pct + 1)) >= 0 && hex(s.charAt(pct + 2)) >= 0) {
        bytes.write(hex(s.charAt(pct + 1)) * 16 + hex(s.charAt(pct + 2)));
        i = pct + 3;
      } else {
        bytes.write('%');
        i = pct + 1;
      }
    }
    return bytes.toByteArray();
  }

  /**
   * The bytes a request string stands for. HTTP parsers hand over the request line and header values
   * byte for byte as ISO-8859-1 characters (curl sends non-ASCII raw, as UTF-8), so a character below
   * U+0100 is the byte received; any other character (a caller building a view from decoded text)
   * counts as its UTF-8 bytes.
   */
  static byte[] wireBytes(String s) {
    int n = s.length();
    boolean latin1 = true;
    for (int i = 0; i < n && latin1; i++) {
      latin1 = s.charAt(i) < 0x100;
    }
    if (latin1) {
      return s.getBytes(StandardCharsets.ISO_8859_1);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(n + 16);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x100) {
        out.write(c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1)) ? i + 2 : i + 1;
        out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
        i = end - 1;
      }
    }
    return out.toByteArray();
  }

  /** The canonical request as a client that signed these bytes as UTF-8 text would print it (signature debugging). */
  static String display(String canonicalRequest) {
    return new String(wireBytes(canonicalRequest), StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  /** RFC 3986: unreserved kept, every other UTF-8 byte as upper-case %XX. */
  static StringBuilder encode(StringBuilder out, byte[] b) {
    for (byte x : b) {
      int c = x & 0xff;
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
    return out;
  }
}
