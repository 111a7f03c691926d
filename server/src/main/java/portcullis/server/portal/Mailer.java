package portcullis.server.portal;

/** Sends the portal's mails (address confirmations, password resets). Blocking: call on the worker. */
public interface Mailer {
  /** Sends a plain-text mail; throws {@link MailException} when the relay refuses it or cannot be reached. */
  void send(String to, String subject, String text);

  /** A mail could not be sent. Its message names the relay's answer, never the mail's text (it may hold a link). */
  final class MailException extends portcullis.core.PortcullisException {
    private static final long serialVersionUID = 1L;

    public MailException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
