package portcullis.core.text;

/**
 * The auth-scheme word that starts an {@code Authorization} value (RFC 9110 §11.4: {@code
 * auth-scheme [ 1*SP credentials ]}), compared case-insensitively: the one check every scheme and
 * the admin API use. A tab after the word is taken as a space, as clients send it. Never throws.
 */
public final class AuthScheme {
  private AuthScheme() {}

  /** Whether {@code authorization} is {@code word} (any case), alone or followed by a space or tab. */
  public static boolean is(String authorization, String word) {
    int n = word.length();
    return authorization != null
        && authorization.length() >= n
        && authorization.regionMatches(true, 0, word, 0, n)
        && (authorization.length() == n || authorization.charAt(n) == ' ' || authorization.charAt(n) == '\t');
  }
}
