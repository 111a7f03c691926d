package portcullis.core;

/**
 * Credentials could not be checked for an internal reason (a stored password hash that is not a
 * valid PHC string, a JOSE or RSA provider error): the request gets a 503 and the operator an ERROR
 * line, never a 401 — the caller's credentials may well be right. Never thrown for anything the
 * caller sent.
 */
public class CheckFailedException extends PortcullisException {
  public CheckFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
