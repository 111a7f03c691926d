package portcullis.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable home of accounts and clients. Every method may throw {@link
 * portcullis.core.StoreUnavailableException}; a write that returns has been committed.
 * Implementations are thread-safe and may block.
 */
public interface Store extends AutoCloseable {
  /** Creates an account; throws {@link DuplicateException} when the email (case-insensitive) exists. */
  Account createAccount(String id, String email, String passwordHash);

  Optional<Account> accountById(String id);

  Optional<Account> accountByEmail(String email);

  /** Sets the status; empty when no such account. */
  Optional<Account> updateAccountStatus(String id, AccountStatus status);

  /** Sets the password hash; empty when no such account. */
  Optional<Account> updatePassword(String id, String passwordHash);

  Client createClient(NewClient client);

  Optional<Client> client(String clientKey);

  List<Client> clientsOf(String ownerAccountId);

  /** Replaces the secret; the old one keeps working until {@code oldValidUntil}. */
  Optional<Client> rotateSecret(String clientKey, String newSecret, Instant oldValidUntil);

  /** Sets (or, with null, clears) the client's own rate limit; empty when no such client. */
  Optional<Client> setRateLimit(String clientKey, RateLimit limit);

  /** Marks the client revoked; empty when no such client. */
  Optional<Client> revokeClient(String clientKey);

  /** Throws {@link portcullis.core.StoreUnavailableException} unless the store answers. */
  void ping();

  @Override
  void close();

  /** A value is too long or otherwise does not fit its column: the caller's input, a 400. */
  final class InvalidValueException extends portcullis.core.PortcullisException {
    private static final long serialVersionUID = 1L;

    public InvalidValueException(String message) {
      super(message);
    }
  }

  /** A unique value (email, key) exists already. */
  final class DuplicateException extends portcullis.core.PortcullisException {
    private static final long serialVersionUID = 1L;

    public DuplicateException(String message) {
      super(message);
    }
  }
}
