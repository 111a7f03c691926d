package portcullis.core.scheme.basic;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import portcullis.core.Result;
import portcullis.core.dialect.Seed000Dialect;
import portcullis.core.text.AuthScheme;

/**
 * Parses {@code Basic base64(user-id ":" password)} (RFC 7617): split at the first colon; UTF-8, or
 * ISO-8859-1 when the octets are not valid UTF-8 (python-requests sends Latin-1). Never throws.
 */
final class BasicParser {
  /** Longest credentials value accepted, in base64 characters. */
  static final int MAX_LENGTH = 4096;

  private BasicParser() {}


  static boolean isBasic(String authorization) {
    return AuthScheme.is(authorization, "Basic");
  }

  /** The credentials, or the 400 saying what is malformed. */
  static Result<BasicCredentials> parse(String authorization) {
    String token = authorization.substring(5).trim();
    if (token.isEmpty()) {
      return malformed("The Basic credentials are empty; send base64(email:password).");
    }
    if (token.length() > MAX_LENGTH) {
      return malformed("The Basic credentials are too long.");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return malformed("The Basic credentials are not valid base64; send base64(email:password).");
    }
    String text = decode(raw);
    int colon = text.indexOf(':');
    if (colon < 0) {
      return malformed("The Basic credentials have no colon; send base64(email:password).");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return malformed("The Basic credentials contain control characters.");
      }
    }
    return Result.ok(new BasicCredentials(text.substring(0, colon), text.substring(colon + 1)));
  }

  private static Result<BasicCredentials> malformed(String detail) {
    return Result.reject(Seed000Dialect.INSTANCE.malformed(detail, "basic: " + detail));
  }

  static String decode(byte[] raw) {
    boolean ascii = true;
    for (byte b : raw) {
      if (b < 0) {
        ascii = false;
        break;
      }
    }
    if (ascii) { // the usual case, on every request: no decoder made
      return new String(raw, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(raw, StandardCharsets.ISO_8859_1);
    }
  }
}
