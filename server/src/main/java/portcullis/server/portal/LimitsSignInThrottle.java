package portcullis.server.portal;

import java.time.Duration;
import java.util.List;
import portcullis.core.Scheme;
import portcullis.core.Subject;
import portcullis.server.CachingDirectory;
import portcullis.server.limits.FailedLogins;

/**
 * The portal's sign-in throttle on the gateway's failed-credential throttle ({@code limits.failedLogins},
 * docs/limits.md): the same counters as Basic, Digest and the OAuth 1.0a pages, by the account (or the
 * unknown e-mail) and the client address, in memory or shared through Redis. Called on the event loop:
 * the account is looked up in the cache only (the password check that follows has just loaded it).
 */
final class LimitsSignInThrottle implements SignInThrottle {
  private final FailedLogins throttle;
  private final CachingDirectory directory;

  LimitsSignInThrottle(FailedLogins throttle, CachingDirectory directory) {
    this.throttle = throttle;
    this.directory = directory;
  }

  private List<String> subjects(String email) {
    String s = Scheme.subjectOfUser(email, directory.nonBlocking());
    return s == null ? List.of() : List.of(s);
  }

  @Override
  public Duration check(String email, String ip) {
    long wait = throttle.blockedFor(ip, subjects(email));
    return wait > 0 ? Duration.ofMillis(wait) : null;
  }

  @Override
  public void failed(String email, String ip) {
    List<String> s = subjects(email);
    throttle.failed(ip, s.isEmpty() ? Subject.user(email) : s.get(0));
  }

  @Override
  public void succeeded(String email, String ip) {
    // a right password does not end a throttle (else guessing goes on); the failures age out of their window
  }
}
