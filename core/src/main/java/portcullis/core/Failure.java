package portcullis.core;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A rejected request: what the caller is told (status, code, message, detail, in the dialect's body
 * shape) and, separately, what the operator's log is told. Neither half ever holds a secret.
 *
 * @param status the HTTP status (4xx)
 * @param dialect renders the body
 * @param code a machine-readable code in the dialect's vocabulary (e.g. {@code AUTH_INVALID_API_KEY})
 * @param message the main message, the seed's exact string where the seed gives one
 * @param detail secondary text (the seed-000 {@code additional} field)
 * @param headers extra response headers, e.g. {@code WWW-Authenticate} challenges (name, value)
 * @param extra additional body fields a dialect may render (e.g. KSig1 signature debugging)
 * @param logDetail context for the operator's log, never returned to the caller
 * @param wrongSecretOf when the failure is a secret that did not match (a password, a client secret, a
 *     signature), the {@link Subject} it was tried against, which the failed-credential throttle counts;
 *     null for every other failure
 * @param reason why, in the operators' closed vocabulary (metrics, access log); null derives it from
 *     the status ({@link Reason#byDefault})
 */
public record Failure(
    int status,
    Dialect dialect,
    String code,
    String message,
    String detail,
    List<Map.Entry<String, String>> headers,
    Map<String, String> extra,
    String logDetail,
    String wrongSecretOf,
    Reason reason) {

  public Failure {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 4xx or 5xx, was " + status);
    }
    Objects.requireNonNull(dialect, "dialect == null");
    code = code == null ? "" : code;
    message = message == null ? "" : message;
    detail = detail == null ? "" : detail;
    headers = List.copyOf(headers);
    extra = Map.copyOf(extra);
    logDetail = logDetail == null ? "" : printable(logDetail);
    reason = reason == null ? Reason.byDefault(status, wrongSecretOf) : reason;
  }

  /** Longest log detail kept: it quotes what the caller sent, which may be long. */
  static final int MAX_LOG_DETAIL = 300;

  /**
   * Log details quote what the caller sent (a consumer key, a token's kid or alg, a client_id): control,
   * format and line-separator characters become {@code ?} and the text is cut at {@value
   * #MAX_LOG_DETAIL} characters, once, here, so no caller can forge a log line or flood the log.
   */
  private static String printable(String s) {
    if (s.length() > MAX_LOG_DETAIL) {
      s = s.substring(0, MAX_LOG_DETAIL) + "...";
    }
    for (int i = 0; i < s.length(); i++) {
      if (hidden(s.charAt(i))) {
        StringBuilder b = new StringBuilder(s.length());
        for (int j = 0; j < s.length(); j++) {
          char c = s.charAt(j);
          b.append(hidden(c) ? '?' : c);
        }
        return b.toString();
      }
    }
    return s;
  }

  private static boolean hidden(char c) {
    int type = Character.getType(c);
    return c < 0x20 || c == 0x7f || type == Character.CONTROL || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
  }

  public Failure(int status, Dialect dialect, String code, String message, String detail, List<Map.Entry<String, String>> headers,
      Map<String, String> extra, String logDetail) {
    this(status, dialect, code, message, detail, headers, extra, logDetail, null, null);
  }

  public static Failure of(int status, Dialect dialect, String code, String message, String detail, String logDetail) {
    return new Failure(status, dialect, code, message, detail, List.of(), Map.of(), logDetail, null, null);
  }

  /**
   * This failure marked as a wrong secret tried against {@code subject} ({@link Subject#account},
   * {@link Subject#user}, {@link Subject#client}): the failed-credential throttle counts it.
   */
  public Failure wrongSecret(String subject) {
    return new Failure(status, dialect, code, message, detail, headers, extra, logDetail, subject,
        reason == Reason.UNKNOWN_KEY || reason == Reason.MALFORMED ? null : reason);
  }

  /** This failure with its {@link Reason} named (where the status alone cannot tell it). */
  public Failure because(Reason why) {
    return why == reason ? this : new Failure(status, dialect, code, message, detail, headers, extra, logDetail, wrongSecretOf, why);
  }

  /** A copy with {@code Retry-After: seconds} (at least 1), as every 429 of the limits carries. */
  public Failure retryAfter(long seconds) {
    return withHeaders(List.of(Map.entry("Retry-After", Long.toString(Math.max(1, seconds)))));
  }

  /** A copy with more response headers appended. */
  public Failure withHeaders(List<Map.Entry<String, String>> more) {
    if (more.isEmpty()) {
      return this;
    }
    var all = new java.util.ArrayList<>(headers);
    all.addAll(more);
    return new Failure(status, dialect, code, message, detail, all, extra, logDetail, wrongSecretOf, reason);
  }

  /** A copy with one more body field. */
  public Failure withExtra(String name, String value) {
    var all = new java.util.LinkedHashMap<>(extra);
    all.put(name, value);
    return new Failure(status, dialect, code, message, detail, headers, all, logDetail, wrongSecretOf, reason);
  }

  /** The body bytes, rendered by the dialect with the given request reference. */
  public byte[] body(String reference) {
    return dialect.render(this, reference);
  }
}
