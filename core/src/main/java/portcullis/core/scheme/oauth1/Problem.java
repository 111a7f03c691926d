package portcullis.core.scheme.oauth1;

/**
 * The OAuth Problem Reporting codes Portcullis answers with, each with its HTTP status (RFC 5849
 * §3.2: 400 for a malformed request, 401 for credentials that do not check out).
 */
public enum Problem {
  PARAMETER_ABSENT(400, "parameter_absent"),
  PARAMETER_REJECTED(400, "parameter_rejected"),
  SIGNATURE_METHOD_REJECTED(400, "signature_method_rejected"),
  VERSION_REJECTED(400, "version_rejected"),
  CONSUMER_KEY_UNKNOWN(401, "consumer_key_unknown"),
  CONSUMER_KEY_REJECTED(401, "consumer_key_rejected"),
  SIGNATURE_INVALID(401, "signature_invalid"),
  TIMESTAMP_REFUSED(401, "timestamp_refused"),
  NONCE_USED(401, "nonce_used"),
  TOKEN_REJECTED(401, "token_rejected"),
  TOKEN_EXPIRED(401, "token_expired"),
  VERIFIER_INVALID(401, "verifier_invalid");

  private final int status;
  private final String code;

  Problem(int status, String code) {
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  /** The wire code, e.g. {@code signature_invalid}. */
  public String code() {
    return code;
  }
}
