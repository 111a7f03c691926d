package portcullis.server.portal;

import java.time.Duration;

/**
 * Limits portal sign-in attempts (password guessing through the portal's form). The portal asks
 * {@link #check} before it verifies a password and reports each result. The gateway gives the
 * portal its failed-credential throttle ({@link #of}), shared with every scheme.
 */
public interface SignInThrottle {
  /** Null when an attempt for {@code email} from {@code ip} may go ahead, else how long to wait. */
  Duration check(String email, String ip);

  /** The attempt failed (unknown email or wrong password: the same to the throttle). */
  void failed(String email, String ip);

  /** The attempt succeeded. */
  void succeeded(String email, String ip);

  /** The gateway's failed-credential throttle ({@code limits.failedLogins}) as the portal's. */
  static SignInThrottle of(portcullis.server.limits.FailedLogins throttle, portcullis.server.CachingDirectory directory) {
    return new LimitsSignInThrottle(throttle, directory);
  }
}
