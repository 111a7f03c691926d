package portcullis.server.limits;

import java.util.List;
import java.util.Optional;
import portcullis.core.Subject;
import portcullis.core.store.Account;

/**
 * The failed-credential throttle for HTML sign-in forms (the OAuth 1.0a pages, the portal), which
 * answer in pages rather than in a dialect: the same counters as every scheme, by the account (or
 * the unknown name) and the client's address. Call on a worker or password-check thread (a cluster
 * records a failure in one Redis round trip, waited for here).
 */
public final class SignIns {
  private SignIns() {}

  /** The message of a sign-in page answered 429. */
  public static String tooMany(long waitMillis) {
    return "Too many failed sign-in attempts from this address. Try again in " + Math.max(1, Limiters.seconds(waitMillis)) + " s.";
  }

  /** Before a password check: the wait when this address, or this account for it, is refused already (no hashing then). */
  public static long before(FailedLogins throttle, String ip, Optional<Account> account, String email) {
    return throttle.blockedFor(ip, List.of(subject(account, email)));
  }

  private static String subject(Optional<Account> account, String email) {
    return account.map(a -> Subject.account(a.id())).orElseGet(() -> Subject.user(email == null ? "" : email.trim()));
  }

  /**
   * After a password check: the wait (milliseconds) when this sign-in is refused (a wrong password
   * recorded against a pair already refused; a right one for an account throttled for this address),
   * else 0, and a wrong password is counted.
   */
  public static long judge(FailedLogins throttle, String ip, Optional<Account> account, String email, boolean matched) {
    String subject = subject(account, email);
    if (!matched || account.isEmpty()) {
      return throttle.failed(ip, subject).toCompletableFuture().join();
    }
    return throttle.blockedFor(ip, List.of(subject));
  }
}
