package portcullis.core.scheme.oauth1;

import portcullis.core.Reason;

/**
 * The OAuth Problem Reporting codes Portcullis answers with, each with its HTTP status (RFC 5849
 * §3.2: 400 for a malformed request, 401 for credentials that do not check out).
 */
public enum Problem {
  PARAMETER_ABSENT(400, "parameter_absent", Reason.MALFORMED),
  PARAMETER_REJECTED(400, "parameter_rejected", Reason.MALFORMED),
  SIGNATURE_METHOD_REJECTED(400, "signature_method_rejected", Reason.MALFORMED),
  VERSION_REJECTED(400, "version_rejected", Reason.MALFORMED),
  CONSUMER_KEY_UNKNOWN(401, "consumer_key_unknown", Reason.UNKNOWN_KEY),
  CONSUMER_KEY_REJECTED(401, "consumer_key_rejected", Reason.REVOKED),
  SIGNATURE_INVALID(401, "signature_invalid", Reason.BAD_SIGNATURE),
  TIMESTAMP_REFUSED(401, "timestamp_refused", Reason.CLOCK_SKEW),
  NONCE_USED(401, "nonce_used", Reason.REPLAY),
  TOKEN_REJECTED(401, "token_rejected", Reason.UNKNOWN_KEY),
  TOKEN_EXPIRED(401, "token_expired", Reason.EXPIRED),
  VERIFIER_INVALID(401, "verifier_invalid", Reason.BAD_SECRET);

  private final int status;
  private final String code;
  private final Reason reason;

  Problem(int status, String code, Reason reason) {
    this.status = status;
    this.code = code;
    this.reason = reason;
  }

  /** The operators' reason (metrics, access log): {@code nonce_used} is a replay, {@code timestamp_refused} clock skew. */
  public Reason reason() {
    return reason;
  }

  public int status() {
    return status;
  }

  /** The wire code, e.g. {@code signature_invalid}. */
  public String code() {
    return code;
  }
}
