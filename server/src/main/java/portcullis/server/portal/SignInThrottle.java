package portcullis.server.portal;

import java.time.Duration;

/**
 * Limits portal sign-in attempts (password guessing through the portal's form). The portal asks
 * {@link #check} before it verifies a password and reports each result. {@link LocalSignInThrottle}
 * counts on this node; a shared limiter (the gateway's abuse protection) can take its place.
 */
public interface SignInThrottle {
  /** Null when an attempt for {@code email} from {@code ip} may go ahead, else how long to wait. */
  Duration check(String email, String ip);

  /** The attempt failed (unknown email or wrong password: the same to the throttle). */
  void failed(String email, String ip);

  /** The attempt succeeded: the email's failures are forgotten. */
  void succeeded(String email, String ip);
}
