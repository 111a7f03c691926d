package portcullis.core.scheme.oauth1;

import java.util.List;
import java.util.Map;
import portcullis.core.Failure;
import portcullis.core.dialect.Seed000Dialect;

/**
 * OAuth 1.0a failures in the seed-000 body: the problem code in {@code additional}, the advice in
 * {@code oauth_problem_advice}, and {@code WWW-Authenticate: OAuth realm="…", oauth_problem="…"}
 * (OAuth Problem Reporting; values percent-encoded).
 */
public final class OAuth1Failures {
  public static final String MALFORMED = "Malformed OAuth request";

  private OAuth1Failures() {}

  /**
   * @param extraParams more challenge parameters as name, value pairs (e.g. {@code
   *     oauth_parameters_absent}, {@code oauth_acceptable_timestamps})
   */
  public static Failure of(Problem p, String advice, String realm, String logDetail, String... extraParams) {
    StringBuilder h = new StringBuilder(96).append("OAuth realm=\"").append(quote(realm)).append("\", oauth_problem=\"")
        .append(p.code()).append('"');
    for (int i = 0; i + 1 < extraParams.length; i += 2) {
      h.append(", ").append(extraParams[i]).append("=\"").append(Percent.encode(extraParams[i + 1])).append('"');
    }
    h.append(", oauth_problem_advice=\"").append(Percent.encode(advice)).append('"');
    String message = p.status() == 401 ? Seed000Dialect.BAD_CREDENTIALS : MALFORMED;
    return new Failure(p.status(), Seed000Dialect.INSTANCE, p.code(), message, p.code(),
        List.of(Map.entry("WWW-Authenticate", h.toString())), Map.of("oauth_problem_advice", advice),
        "oauth1 " + p.code() + ": " + logDetail).because(p.reason());
  }

  /** The bare challenge for a 401 without OAuth credentials. */
  public static String challenge(String realm) {
    return "OAuth realm=\"" + quote(realm) + "\"";
  }

  private static String quote(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
