package portcullis.core;

/**
 * Root of the few real exceptions: infrastructure failures and misconfiguration. A request that is
 * refused is never an exception; it is an {@link Outcome.Rejected}.
 */
public abstract class PortcullisException extends RuntimeException {
  protected PortcullisException(String message) {
    super(message);
  }

  protected PortcullisException(String message, Throwable cause) {
    super(message, cause);
  }
}
