package portcullis.server.config;

/** The configuration is wrong; the message names the field and the bad value (never a secret). */
public final class ConfigException extends portcullis.core.PortcullisException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
