package portcullis.core.scheme.ksig1;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import portcullis.core.crypto.Crypto;
import portcullis.core.text.PercentEncoding;

/**
 * The KSig1-HMAC-SHA256 canonical request, string to sign and signature (seed 004).
 * Stateless; never throws on any input.
 */
final class Ksig1Canonical {
  static final String ALGORITHM = "KSig1-HMAC-SHA256";

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
      PercentEncoding.encode(out, decode(seg));
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
      pairs.add(new String[] {PercentEncoding.encode(new StringBuilder(), decode(n)).toString(),
          PercentEncoding.encode(new StringBuilder(), decode(v)).toString()});
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

  /** Hashes the canonical request's bytes as received ({@link PercentEncoding#wireBytes}). */
  static String stringToSign(String timestamp, String canonicalRequest) {
    return ALGORITHM + "\n" + timestamp + "\n" + Crypto.hex(Crypto.sha256(PercentEncoding.wireBytes(canonicalRequest)));
  }

  static String signature(String secret, String stringToSign) {
    return Crypto.hex(Crypto.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), stringToSign.getBytes(StandardCharsets.UTF_8)));
  }

  /** Percent-decodes to bytes ('+' stays a plus); a '%' without two hex digits stays literal. */
  private static byte[] decode(String s) {
    return PercentEncoding.decodeBytes(s, false, PercentEncoding.Literals.WIRE);
  }

  /** The canonical request as a client that signed these bytes as UTF-8 text would print it (signature debugging). */
  static String display(String canonicalRequest) {
    return new String(PercentEncoding.wireBytes(canonicalRequest), StandardCharsets.UTF_8);
  }
}
