package portcullis.core;

/** The store (database, cache cluster) could not answer; the request gets a 503, never a 401. */
public class StoreUnavailableException extends PortcullisException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
