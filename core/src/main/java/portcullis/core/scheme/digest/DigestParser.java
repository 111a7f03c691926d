package portcullis.core.scheme.digest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code Digest} credentials: a comma-separated list of {@code name=token} or {@code
 * name="quoted string"} (RFC 7235 section 2.1; quoted and unquoted values are equal). Unknown
 * parameters are ignored, repeated ones refused. Never throws.
 */
final class DigestParser {
  /** Longest header accepted, in characters. */
  static final int MAX_LENGTH = 8192;

  private DigestParser() {}

  /** Result: credentials, or an error text for the caller. */
  record Parsed(DigestCredentials credentials, String error) {
    static Parsed error(String e) {
      return new Parsed(null, e);
    }
  }

  static boolean isDigest(String authorization) {
    return authorization != null
        && authorization.length() >= 6
        && authorization.regionMatches(true, 0, "Digest", 0, 6)
        && (authorization.length() == 6 || authorization.charAt(6) == ' ' || authorization.charAt(6) == '\t');
  }

  static Parsed parse(String authorization) {
    if (authorization.length() > MAX_LENGTH) {
      return Parsed.error("The Digest credentials are too long.");
    }
    Map<String, String> p = new HashMap<>();
    String err = params(authorization, 6, p);
    if (err != null) {
      return Parsed.error(err);
    }
    String username = p.get("username");
    String star = p.get("username*");
    if (username != null && star != null) {
      return Parsed.error("Send either username or username*, not both.");
    }
    if (star != null) {
      username = extValue(star);
      if (username == null) {
        return Parsed.error("username* must be UTF-8''<percent-encoded name> (RFC 8187).");
      }
    } else if (username != null) {
      username = latin1AsUtf8(username);
    }
    String userhash = p.get("userhash");
    if (userhash != null && !userhash.equalsIgnoreCase("true") && !userhash.equalsIgnoreCase("false")) {
      return Parsed.error("userhash must be true or false.");
    }
    boolean hashed = "true".equalsIgnoreCase(userhash);
    if (hashed && star != null) {
      return Parsed.error("username* cannot be used with userhash=true.");
    }
    for (String required : new String[] {"realm", "nonce", "uri", "response"}) {
      if (p.get(required) == null) {
        return Parsed.error("The Digest credentials lack the " + required + " parameter.");
      }
    }
    if (username == null) {
      return Parsed.error("The Digest credentials lack the username parameter.");
    }
    String qop = p.get("qop");
    String nc = p.get("nc");
    String cnonce = p.get("cnonce");
    if (qop != null && (nc == null || cnonce == null)) {
      return Parsed.error("With qop the Digest credentials must carry nc and cnonce.");
    }
    if (nc != null && !nc.matches("[0-9A-Fa-f]{1,8}")) {
      return Parsed.error("nc must be 8 hexadecimal digits, such as 00000001.");
    }
    return new Parsed(new DigestCredentials(username, hashed, p.get("realm"), p.get("nonce"), p.get("uri"),
        p.get("response"), p.get("algorithm"), cnonce, p.get("opaque"), qop, nc), null);
  }

  /** Reads the auth-param list from {@code s} at {@code i} into {@code out}; returns an error or null. */
  private static String params(String s, int i, Map<String, String> out) {
    int n = s.length();
    while (true) {
      while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
        i++;
      }
      if (i >= n) {
        return out.isEmpty() ? "The Digest credentials are empty." : null;
      }
      int start = i;
      while (i < n && isTokenChar(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        return "Unexpected character at position " + i + " of the Digest credentials.";
      }
      String name = s.substring(start, i).toLowerCase(Locale.ROOT);
      i = skipWs(s, i);
      if (i >= n || s.charAt(i) != '=') {
        return "Parameter " + name + " has no value; send name=value pairs separated by commas.";
      }
      i = skipWs(s, i + 1);
      String value;
      if (i < n && s.charAt(i) == '"') {
        StringBuilder b = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < n) {
          char c = s.charAt(i++);
          if (c == '"') {
            closed = true;
            break;
          }
          if (c == '\\' && i < n) {
            c = s.charAt(i++);
          }
          if (c < 0x20 && c != '\t' || c == 0x7f) {
            return "Parameter " + name + " contains control characters.";
          }
          b.append(c);
        }
        if (!closed) {
          return "Parameter " + name + " has an unterminated quoted string.";
        }
        value = b.toString();
      } else {
        int vs = i;
        while (i < n && isTokenChar(s.charAt(i))) {
          i++;
        }
        if (i == vs) {
          return "Parameter " + name + " has an empty or invalid value.";
        }
        value = s.substring(vs, i);
      }
      if (out.putIfAbsent(name, value) != null) {
        return "Parameter " + name + " is repeated.";
      }
      i = skipWs(s, i);
      if (i < n && s.charAt(i) != ',') {
        return "Expected a comma after parameter " + name + ".";
      }
    }
  }

  private static int skipWs(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** RFC 9110 tchar; '*' included so that {@code username*} is one name. */
  private static boolean isTokenChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~/".indexOf(c) >= 0;
  }

  /** Decodes an RFC 8187 ext-value {@code UTF-8'lang'pct-encoded}; null when malformed. */
  static String extValue(String v) {
    int q1 = v.indexOf('\'');
    int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
    if (q1 < 0 || q2 < 0 || !v.substring(0, q1).equalsIgnoreCase("UTF-8")) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String enc = v.substring(q2 + 1);
    for (int i = 0; i < enc.length(); i++) {
      char c = enc.charAt(i);
      if (c == '%') {
        if (i + 2 >= enc.length()) {
          return null;
        }
        int hi = Character.digit(enc.charAt(i + 1), 16);
        int lo = Character.digit(enc.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c > 0x20 && c < 0x7f) {
        bytes.write(c);
      } else {
        return null;
      }
    }
    return strictUtf8(bytes.toByteArray());
  }

  /** Header bytes arrive as ISO-8859-1 chars; a user name sent as raw UTF-8 is decoded as such. */
  static String latin1AsUtf8(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7f) {
        if (s.chars().anyMatch(c -> c > 0xff)) {
          return s;
        }
        String u = strictUtf8(s.getBytes(StandardCharsets.ISO_8859_1));
        return u == null ? s : u;
      }
    }
    return s;
  }

  private static String strictUtf8(byte[] raw) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
