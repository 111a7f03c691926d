package portcullis.core.dialect;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import portcullis.core.Dialect;
import portcullis.core.Failure;
import portcullis.core.RequestView;
import portcullis.core.text.Json;

/**
 * The seed-004 error body: {@code {"errors":[{"code":"AUTH_...","message":"..."}]}}, status 401 for
 * every authentication error. Extra fields (signature debugging's {@code canonical_request} and
 * {@code string_to_sign}) are rendered inside the error object.
 */
public final class Ksig1Dialect implements Dialect {
  public static final Ksig1Dialect INSTANCE = new Ksig1Dialect();

  public static final String MISSING_HEADER = "AUTH_MISSING_HEADER";
  public static final String INVALID_HEADER = "AUTH_INVALID_HEADER";
  public static final String INVALID_API_KEY = "AUTH_INVALID_API_KEY";
  public static final String INVALID_AUTH_TOKEN = "AUTH_INVALID_AUTH_TOKEN";
  public static final String SIGNATURE_MISMATCH = "AUTH_SIGNATURE_MISMATCH";
  public static final String BAD_AUTHORIZATION =
      "The 'Authorization' header is not in the correct format. It must start with 'KSig1-HMAC-SHA256'.";
  public static final String INVALID_API_KEY_MESSAGE = "The provided API key is not valid or has been revoked.";
  public static final String INVALID_AUTH_TOKEN_MESSAGE = "The authentication token is invalid.";
  public static final String SIGNATURE_MISMATCH_MESSAGE = "The provided signature does not match the calculated signature.";

  private Ksig1Dialect() {}

  @Override
  public String id() {
    return "ksig1";
  }

  @Override
  public byte[] render(Failure f, String reference) {
    StringBuilder b = new StringBuilder(160).append("{\"errors\":[{\"code\":");
    Json.quote(b, f.code()).append(",\"message\":");
    Json.quote(b, f.message());
    Json.members(b, f.extra());
    return b.append("}]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  public Failure fail(String code, String message, String logDetail) {
    return Failure.of(401, this, code, message, "", logDetail).because(switch (code) {
      case SIGNATURE_MISMATCH -> portcullis.core.Reason.BAD_SIGNATURE;
      case INVALID_API_KEY, INVALID_AUTH_TOKEN -> portcullis.core.Reason.UNKNOWN_KEY;
      default -> portcullis.core.Reason.MALFORMED; // a missing or malformed header: seed 004 answers those 401 too
    });
  }

  /** {@code Required header 'X-API-Key' is missing from the request.} */
  public Failure missingHeader(String name) {
    return fail(MISSING_HEADER, "Required header '" + name + "' is missing from the request.", "ksig1: missing " + name);
  }

  /** {@code The 'X' header is not in the correct format. <how>} */
  public Failure invalidHeader(String name, String how) {
    return fail(INVALID_HEADER, "The '" + name + "' header is not in the correct format. " + how, "ksig1: bad " + name);
  }

  @Override
  public Failure missingCredentials() {
    return missingHeader("Authorization").because(portcullis.core.Reason.MISSING);
  }

  /** An {@code Authorization} header of another scheme is there, only not in the KSig1 format. */
  @Override
  public Failure missingCredentials(RequestView request) {
    return request.header("Authorization") == null ? missingCredentials()
        : fail(INVALID_HEADER, BAD_AUTHORIZATION, "ksig1: Authorization of another scheme");
  }

  /** Seed 004 answers every authentication error with 401, a repeated header with {@code AUTH_INVALID_HEADER}. */
  @Override
  public Failure ambiguousCredentials(String message, String realm) {
    return fail(INVALID_HEADER, message, "ksig1: ambiguous credentials: " + message);
  }

  @Override
  public Failure insufficientScope(Set<String> missing) {
    return Failure.of(403, this, "AUTH_INSUFFICIENT_SCOPE",
        "This request needs the scope(s): " + String.join(" ", new TreeSet<>(missing)) + ".", "", "missing scopes " + missing);
  }

  @Override
  public Failure inactiveAccount(portcullis.core.store.Account account) {
    return switch (account.status()) {
      case ACTIVE -> null;
      case LOCKED -> Failure.of(403, this, "AUTH_ACCOUNT_LOCKED", Seed000Dialect.LOCKED_DETAIL, "", "ksig1: account locked")
          .because(portcullis.core.Reason.LOCKED);
      case DISABLED -> Failure.of(403, this, "AUTH_ACCOUNT_DISABLED", Seed000Dialect.DISABLED_DETAIL, "", "ksig1: account disabled")
          .because(portcullis.core.Reason.DISABLED);
    };
  }

  /** Seed 004's shape with a code of its style: {@code AUTH_TOO_MANY_ATTEMPTS}, {@code RATE_LIMIT_EXCEEDED}, ... */
  @Override
  public Failure tooManyRequests(portcullis.core.Limit limit, String explanation, long retryAfterSeconds) {
    return Failure.of(429, this, limit.upperCode(), explanation, "", "throttled: " + limit.id())
        .retryAfter(retryAfterSeconds);
  }

  /** Seed 004's error shape for a method the route does not accept: {@code METHOD_NOT_ALLOWED}. */
  @Override
  public Failure methodNotAllowed(Set<String> allowed) {
    return Failure.of(405, this, "METHOD_NOT_ALLOWED", "This route accepts " + String.join(", ", allowed) + ".", "",
        "method not allowed");
  }

  @Override
  public Failure unavailable() {
    return Failure.of(503, this, "AUTH_UNAVAILABLE", "Authentication could not be checked right now; retry shortly.", "",
        "store unavailable");
  }
}
