package portcullis.core.scheme.keytoken;

import portcullis.core.Result;
import portcullis.core.dialect.KeyTokenDialect;
import portcullis.core.text.AuthScheme;

/**
 * Parses the seed-003 {@code Authorization} value: {@code <public_key>} or {@code
 * <public_key>:<token>} (split at the first colon). Never throws.
 */
final class KeyTokenParser {
  /** Longest Authorization value accepted. */
  static final int MAX_LENGTH = 120;

  private KeyTokenParser() {}

  /** Result: credentials, or an error text for the caller (a 400). */

  /**
   * Whether the value is meant for this scheme: present, not blank, and not another scheme's
   * {@code <auth-scheme> <credentials>} form, {@code otherWords} being the other schemes'
   * auth-scheme words (Basic, Digest, Bearer, OAuth, KSig1-HMAC-SHA256), matched in any case.
   */
  static boolean isKeyToken(String authorization, String[] otherWords) {
    if (authorization == null || authorization.isBlank()) {
      return false;
    }
    String v = authorization.stripLeading();
    if (v.indexOf(' ') < 0 && v.indexOf('\t') < 0) {
      return true; // one word: a public key, even one spelled like a scheme's word
    }
    for (String other : otherWords) {
      if (AuthScheme.is(v, other)) {
        return false;
      }
    }
    return true;
  }

  /** The key (and token), or the answer: 401 when nothing was sent, else the seed's 400 saying what to fix. */
  static Result<KeyTokenCredentials> parse(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      return Result.reject(KeyTokenDialect.INSTANCE.missingCredentials());
    }
    String v = authorization.strip();
    if (v.length() > MAX_LENGTH) {
      return Result.reject(KeyTokenDialect.INSTANCE.badRequest("The Authorization header is too long (over " + MAX_LENGTH
          + " characters); send Authorization: <public_key> or <public_key>:<token>."));
    }
    int colon = v.indexOf(':');
    String key = colon < 0 ? v : v.substring(0, colon);
    String token = colon < 0 ? null : v.substring(colon + 1);
    if (!validKey(key)) {
      return Result.reject(KeyTokenDialect.INSTANCE.badRequest(KeyTokenDialect.BAD_FORMAT));
    }
    if (token != null && !validToken(token)) {
      return Result.reject(KeyTokenDialect.INSTANCE.badRequest("The token in the Authorization header is not in the correct format; send Authorization: <public_key>:<token> with the token from POST /v0/tokens."));
    }
    return Result.ok(new KeyTokenCredentials(key, token));
  }

  /** A public key: 1-64 of {@code A-Z a-z 0-9 . _ ~ -}. */
  static boolean validKey(String key) {
    if (key.isEmpty() || key.length() > 64) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(isAlnum(c) || c == '-' || c == '_' || c == '.' || c == '~')) {
        return false;
      }
    }
    return true;
  }

  /** A token: 1-120 of base64 / base64url characters. */
  static boolean validToken(String token) {
    if (token.isEmpty() || token.length() > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (!(isAlnum(c) || c == '-' || c == '_' || c == '+' || c == '/' || c == '=' || c == '.' || c == '~')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlnum(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
