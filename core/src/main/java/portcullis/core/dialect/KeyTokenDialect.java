package portcullis.core.dialect;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import portcullis.core.Dialect;
import portcullis.core.Failure;
import portcullis.core.RequestView;
import portcullis.core.text.Json;

/**
 * The seed-003 error body: {@code {"status":false,"errors":[{"code":401,"type":"Unauthorized",
 * "message":"Authorization is missing"}]}}. A failure's detail, when present, is rendered as the
 * error's {@code additional} field (the account-status answers carry the seed-000 explanation there).
 */
public final class KeyTokenDialect implements Dialect {
  public static final KeyTokenDialect INSTANCE = new KeyTokenDialect();

  public static final String MISSING = "Authorization is missing";
  public static final String EXPIRED_REQUEST = "Expired request. Please make sure you are using the correct timestamp format";
  public static final String WRONG_CREDENTIALS = "Wrong credentials";
  public static final String BAD_FORMAT =
      "The Authorization header is not in the correct format; send Authorization: <public_key> or <public_key>:<token>.";

  private KeyTokenDialect() {}

  @Override
  public String id() {
    return "keytoken";
  }

  /** The seed's {@code type} for a status: BadRequest, Unauthorized, Forbidden, ... */
  public static String type(int status) {
    return switch (status) {
      case 400 -> "BadRequest";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "NotFound";
      case 405 -> "MethodNotAllowed";
      case 413 -> "PayloadTooLarge";
      case 429 -> "TooManyRequests";
      case 503 -> "ServiceUnavailable";
      default -> status < 500 ? "BadRequest" : "ServiceUnavailable";
    };
  }

  @Override
  public byte[] render(Failure f, String reference) {
    StringBuilder b = new StringBuilder(128);
    b.append("{\"status\":false,\"errors\":[{\"code\":").append(f.status()).append(",\"type\":");
    Json.quote(b, type(f.status())).append(",\"message\":");
    Json.quote(b, f.message());
    if (!f.detail().isEmpty()) {
      b.append(",\"additional\":");
      Json.quote(b, f.detail());
    }
    b.append("}]");
    Json.members(b, f.extra());
    return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  public Failure fail(int status, String message, String logDetail) {
    return Failure.of(status, this, type(status), message, "", logDetail);
  }

  public Failure badRequest(String message) {
    return fail(400, message, "keytoken: " + message);
  }

  public Failure unauthorized(String message, String logDetail) {
    return fail(401, message, logDetail);
  }

  /** 403 with the seed-000 status message and its explanation. */
  public Failure forbidden(String message, String detail, String logDetail) {
    return Failure.of(403, this, "Forbidden", message, detail, logDetail);
  }

  @Override
  public Failure missingCredentials() {
    return fail(401, MISSING, "no Authorization header").because(portcullis.core.Reason.MISSING);
  }

  /** An {@code Authorization} header no scheme of the route recognized (Basic, Bearer, ...): seed 003's bad shape, 400. */
  @Override
  public Failure missingCredentials(RequestView request) {
    String auth = request.header("Authorization");
    return auth == null || auth.isBlank() ? missingCredentials() : fail(400, BAD_FORMAT, "keytoken: Authorization of another scheme");
  }

  @Override
  public Failure ambiguousCredentials(String message, String realm) {
    return badRequest(message);
  }

  @Override
  public Failure insufficientScope(Set<String> missing) {
    return fail(403, "This request needs the scope(s): " + String.join(" ", new TreeSet<>(missing)), "missing scopes " + missing);
  }

  @Override
  public Failure inactiveAccount(portcullis.core.store.Account account) {
    return switch (account.status()) {
      case ACTIVE -> null;
      case LOCKED -> forbidden(Seed000Dialect.LOCKED, Seed000Dialect.LOCKED_DETAIL, "account " + account.id() + " locked")
          .because(portcullis.core.Reason.LOCKED);
      case DISABLED -> forbidden(Seed000Dialect.DISABLED, Seed000Dialect.DISABLED_DETAIL, "account " + account.id() + " disabled")
          .because(portcullis.core.Reason.DISABLED);
    };
  }

  /** Seed 003's shape: {@code "type":"TooManyRequests"} and the explanation as the message. */
  @Override
  public Failure tooManyRequests(portcullis.core.Limit limit, String explanation, long retryAfterSeconds) {
    return fail(429, explanation, "throttled: " + limit.id())
        .retryAfter(retryAfterSeconds);
  }

  @Override
  public Failure unavailable() {
    return fail(503, "Authentication could not be checked right now; retry shortly.", "store unavailable");
  }
}
