package portcullis.core;

import java.util.Optional;
import portcullis.core.store.Account;
import portcullis.core.store.Client;

/**
 * What schemes look up while authenticating. The server's implementation answers from in-memory
 * caches; on a miss its non-blocking view ({@link #mayBlock()} false) throws {@link WouldBlock}, and
 * the gateway then runs the scheme again on a worker thread with a view that may block.
 *
 * <p>Implementations are thread-safe.
 */
public interface Directory {
  /** The account with this email (case-insensitive), if any. */
  Optional<Account> accountByEmail(String email);

  /** The account with this id, if any. */
  Optional<Account> accountById(String id);

  /** The client with this key, whatever its status, if any. */
  Optional<Client> client(String clientKey);

  /**
   * Whether the password is the account's; slow (Argon2id) unless recently verified. With a null
   * account it does the same work against a dummy hash and answers false, so that an unknown email
   * costs what a wrong password costs.
   */
  boolean passwordMatches(Account account, String password);

  /**
   * Whether a look-up through this directory may block (reach the store). The gateway's fast-path
   * view answers false and throws {@link WouldBlock} on a miss; the stores that sit beside the
   * directory (Digest HA1 values, OAuth 1.0a tokens, key-tokens) are called with the directory of
   * the same attempt and follow it.
   */
  default boolean mayBlock() {
    return true;
  }

  /**
   * Thrown by a directory when an answer needs work this thread may not do: {@link #INSTANCE} when a
   * non-blocking directory would have to reach the store, {@link #HASHING} when a blocking one would
   * have to run Argon2id outside the password-check threads. Carries no stack trace; callers must
   * not have made side effects before the lookup that throws it (the gateway runs them again).
   */
  final class WouldBlock extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final WouldBlock INSTANCE = new WouldBlock("answer needs blocking work");
    public static final WouldBlock HASHING = new WouldBlock("answer needs a password hash");

    private WouldBlock(String why) {
      super(why, null, false, false);
    }
  }
}
