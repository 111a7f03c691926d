package portcullis.core.dialect;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import portcullis.core.Dialect;
import portcullis.core.Failure;
import portcullis.core.text.Json;

/**
 * The seed-000 error body: {@code {"status":N,"message":...,"additional":...,"reference":...}}, used
 * by Basic, Digest and OAuth 1.0a. Messages below are the seeds' exact strings.
 */
public final class Seed000Dialect implements Dialect {
  public static final Seed000Dialect INSTANCE = new Seed000Dialect();

  public static final String BAD_CREDENTIALS = "Could not authenticate:";
  public static final String NO_APP_KEY =
      "Must give an app key via X-Client-Key header or client_key query string parameter";
  public static final String LOCKED = "No API Access";
  public static final String LOCKED_DETAIL = "The authenticated account is locked due to an unpaid balance.";
  public static final String DISABLED = "API Access is disabled";
  public static final String DISABLED_DETAIL =
      "API access has been disabled for this user due to API terms violation.";

  private Seed000Dialect() {}

  @Override
  public String id() {
    return "seed000";
  }

  @Override
  public byte[] render(Failure f, String reference) {
    StringBuilder b = new StringBuilder(160);
    b.append("{\"status\":").append(f.status()).append(",\"message\":");
    Json.quote(b, f.message()).append(",\"additional\":");
    Json.quote(b, f.detail()).append(",\"reference\":");
    Json.quote(b, reference == null ? "" : reference);
    Json.members(b, f.extra());
    return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** 401 {@code Could not authenticate:} with a detail telling the caller what to fix. */
  public Failure badCredentials(String detail, String logDetail) {
    return Failure.of(401, this, "bad_credentials", BAD_CREDENTIALS, detail, logDetail);
  }

  public Failure malformed(String detail, String logDetail) {
    return Failure.of(400, this, "malformed_credentials", "Malformed Authorization header", detail, logDetail);
  }

  /**
   * 400: {@code what} (a password, a PLAINTEXT signature) must not cross a network in clear; the
   * request came over plain HTTP from a non-loopback address ({@link portcullis.core.RequestView#confidential()}).
   */
  public Failure plaintext(String what) {
    return Failure.of(400, this, "insecure_transport", "HTTPS Required",
        what + " must not cross the network in clear: send this request over HTTPS.", "credentials over plain HTTP")
        .because(portcullis.core.Reason.INSECURE_TRANSPORT);
  }

  public Failure noAppKey() {
    return Failure.of(400, this, "no_app_key", NO_APP_KEY, "", "no client key").because(portcullis.core.Reason.MISSING);
  }

  public Failure locked(String logDetail) {
    return Failure.of(403, this, "account_locked", LOCKED, LOCKED_DETAIL, logDetail).because(portcullis.core.Reason.LOCKED);
  }

  public Failure disabled(String logDetail) {
    return Failure.of(403, this, "account_disabled", DISABLED, DISABLED_DETAIL, logDetail).because(portcullis.core.Reason.DISABLED);
  }

  public Failure forbidden(String code, String message, String detail, String logDetail) {
    return Failure.of(403, this, code, message, detail, logDetail);
  }

  @Override
  public Failure missingCredentials() {
    return Failure.of(401, this, "no_credentials", BAD_CREDENTIALS, "", "no credentials").because(portcullis.core.Reason.MISSING);
  }

  @Override
  public Failure ambiguousCredentials(String message, String realm) {
    return Failure.of(400, this, "ambiguous_credentials", message, "", "ambiguous credentials: " + message);
  }

  @Override
  public Failure insufficientScope(Set<String> missing) {
    return Failure.of(403, this, "insufficient_scope", "Insufficient scope",
        "This request needs the scope(s): " + String.join(" ", new TreeSet<>(missing)), "missing scopes " + missing);
  }

  @Override
  public Failure unavailable() {
    return Failure.of(503, this, "unavailable", "Service Unavailable",
        "Authentication could not be checked right now; retry shortly.", "store unavailable");
  }
}
