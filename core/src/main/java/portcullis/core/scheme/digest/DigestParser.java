package portcullis.core.scheme.digest;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import portcullis.core.Result;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.text.AuthParams;
import portcullis.core.text.AuthScheme;
import portcullis.core.text.PercentEncoding;

/**
 * Parses {@code Digest} credentials: a comma-separated list of {@code name=token} or {@code
 * name="quoted string"} (RFC 7235 section 2.1; quoted and unquoted values are equal). Unknown
 * parameters are ignored, repeated ones refused. Never throws.
 */
final class DigestParser {
  /** Longest header accepted, in characters. */
  static final int MAX_LENGTH = 8192;
  private static final String WORD = "Digest";

  private DigestParser() {}

  /** The 400 for malformed credentials, {@code detail} telling the caller what to fix. */
  static Result<DigestCredentials> malformed(String detail) {
    return Result.reject(Seed000Dialect.INSTANCE.malformed(detail, "digest: " + detail));
  }

  static boolean isDigest(String authorization) {
    return AuthScheme.is(authorization, WORD);
  }

  /**
   * This thread's last header parsed and its result: the gateway asks twice for the same header
   * object (the failed-login throttle's claimed subject, then the verification), and a parse is
   * most of what Digest costs besides the hashes. Keyed by identity; the result is immutable.
   */
  private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[2]);

  /** The credentials, or the 400 saying what is malformed. */
  @SuppressWarnings("unchecked")
  static Result<DigestCredentials> parse(String authorization) {
    Object[] last = LAST.get();
    if (last[0] == authorization) {
      return (Result<DigestCredentials>) last[1];
    }
    Result<DigestCredentials> r = parseNew(authorization);
    last[0] = authorization;
    last[1] = r;
    return r;
  }

  private static Result<DigestCredentials> parseNew(String authorization) {
    if (authorization.length() > MAX_LENGTH) {
      return malformed("The Digest credentials are too long.");
    }
    Map<String, String> p = new HashMap<>();
    String err = params(authorization, p);
    if (err != null) {
      return malformed(err);
    }
    String username = p.get("username");
    String star = p.get("username*");
    if (username != null && star != null) {
      return malformed("Send either username or username*, not both.");
    }
    if (star != null) {
      username = extValue(star);
      if (username == null) {
        return malformed("username* must be UTF-8''<percent-encoded name> (RFC 8187).");
      }
    } else if (username != null) {
      username = latin1AsUtf8(username);
    }
    String userhash = p.get("userhash");
    if (userhash != null && !userhash.equalsIgnoreCase("true") && !userhash.equalsIgnoreCase("false")) {
      return malformed("userhash must be true or false.");
    }
    boolean hashed = "true".equalsIgnoreCase(userhash);
    if (hashed && star != null) {
      return malformed("username* cannot be used with userhash=true.");
    }
    for (String required : new String[] {"realm", "nonce", "uri", "response"}) {
      if (p.get(required) == null) {
        return malformed("The Digest credentials lack the " + required + " parameter.");
      }
    }
    if (username == null) {
      return malformed("The Digest credentials lack the username parameter.");
    }
    String qop = p.get("qop");
    String nc = p.get("nc");
    String cnonce = p.get("cnonce");
    if (qop != null && (nc == null || cnonce == null)) {
      return malformed("With qop the Digest credentials must carry nc and cnonce.");
    }
    if (nc != null && !isHex(nc, 8)) {
      return malformed("nc must be 8 hexadecimal digits, such as 00000001.");
    }
    return Result.ok(new DigestCredentials(username, hashed, p.get("realm"), p.get("nonce"), p.get("uri"),
        p.get("response"), p.get("algorithm"), cnonce, p.get("opaque"), qop, nc));
  }

  /** 1 to {@code max} hexadecimal digits (either case); no regex on the hot path. */
  private static boolean isHex(String s, int max) {
    if (s.isEmpty() || s.length() > max) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (portcullis.core.text.PercentEncoding.hexValue(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * RFC 9110 auth-params, names lower-cased, repeats refused; {@code /} counts as a token character
   * so that {@code uri=/dir/index.html} may go unquoted (curl sends it so).
   */
  private static final AuthParams.Syntax SYNTAX = AuthParams.Syntax.STRICT.withExtraTokenChars("/");

  /** Reads the auth-param list of {@code s} into {@code out}; returns an error or null. */
  private static String params(String s, Map<String, String> out) {
    AuthParams.ParamList list = AuthParams.parse(s, WORD.length(), SYNTAX);
    AuthParams.Malformed m = list.malformed();
    if (m != null) {
      String name = m.name();
      return switch (m.problem()) {
        case NO_VALUE -> "Parameter " + name + " has no value; send name=value pairs separated by commas.";
        case CONTROL_CHARACTER -> "Parameter " + name + " contains control characters.";
        case UNTERMINATED_QUOTE -> "Parameter " + name + " has an unterminated quoted string.";
        case INVALID_VALUE -> "Parameter " + name + " has an empty or invalid value.";
        case REPEATED -> "Parameter " + name + " is repeated.";
        case MISSING_COMMA -> "Expected a comma after parameter " + name + ".";
        case UNEXPECTED_CHARACTER, TOO_MANY -> "Unexpected character at position " + m.position() + " of the Digest credentials.";
      };
    }
    if (list.params().isEmpty()) {
      return "The Digest credentials are empty.";
    }
    for (AuthParams.Param p : list.params()) {
      out.put(p.name(), p.value());
    }
    return null;
  }

  /** Decodes an RFC 8187 ext-value {@code UTF-8'lang'pct-encoded}; null when malformed. */
  static String extValue(String v) {
    int q1 = v.indexOf('\'');
    int q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
    if (q1 < 0 || q2 < 0 || !v.substring(0, q1).equalsIgnoreCase("UTF-8")) {
      return null;
    }
    String enc = v.substring(q2 + 1);
    for (int i = 0; i < enc.length(); i++) {
      char c = enc.charAt(i);
      if (c != '%' && (c <= 0x20 || c >= 0x7f)) {
        return null;
      }
    }
    byte[] bytes = PercentEncoding.decodeStrict(enc, PercentEncoding.Literals.UTF_8);
    return bytes == null ? null : strictUtf8(bytes);
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
