package portcullis.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import portcullis.core.Directory;
import portcullis.core.crypto.Crypto;
import portcullis.core.crypto.Passwords;
import portcullis.core.store.Account;
import portcullis.core.store.Client;
import portcullis.core.store.Store;

/**
 * The directory the schemes read, in front of the store: accounts and clients cached for a short
 * TTL and dropped on every local write; successful password verifications cached under a keyed
 * hash of (account, password) and valid only while the account's password hash is unchanged.
 *
 * <p>{@link #nonBlocking()} answers from memory or throws {@link Directory.WouldBlock}; {@link
 * #blocking()} may reach the store and run Argon2id. Thread-safe.
 */
public final class CachingDirectory {
  private final Store store;
  private final Cache<String, Optional<Account>> accountsById;
  private final Cache<String, Optional<Account>> accountsByEmail;
  private final Cache<String, Optional<Client>> clients;
  private final Cache<String, String> verified;
  private final byte[] cacheKey = Crypto.randomBytes(32);
  private final String dummyHash = Passwords.hash(Crypto.randomBase62(24));
  private final Directory nonBlocking = new View(false);
  private final Directory blocking = new View(true);

  public CachingDirectory(Store store, Duration entityTtl, Duration credentialTtl, long maximumSize) {
    this.store = store;
    this.accountsById = Caffeine.newBuilder().expireAfterWrite(entityTtl).maximumSize(maximumSize).build();
    this.accountsByEmail = Caffeine.newBuilder().expireAfterWrite(entityTtl).maximumSize(maximumSize).build();
    this.clients = Caffeine.newBuilder().expireAfterWrite(entityTtl).maximumSize(maximumSize).build();
    this.verified = Caffeine.newBuilder().expireAfterWrite(credentialTtl).maximumSize(maximumSize).build();
  }

  public Directory nonBlocking() {
    return nonBlocking;
  }

  public Directory blocking() {
    return blocking;
  }

  public Store store() {
    return store;
  }

  /** Drops everything cached about the account (status, password, email). */
  public void invalidateAccount(Account account) {
    accountsById.invalidate(account.id());
    accountsByEmail.invalidate(normalize(account.email()));
  }

  public void invalidateEmail(String email) {
    accountsByEmail.invalidate(normalize(email));
  }

  public void invalidateClient(String clientKey) {
    clients.invalidate(clientKey);
  }

  /** Drops every cached entry (used by tests and on a cluster-wide invalidation). */
  public void invalidateAll() {
    accountsById.invalidateAll();
    accountsByEmail.invalidateAll();
    clients.invalidateAll();
    verified.invalidateAll();
  }

  private static String normalize(String email) {
    return email.trim().toLowerCase(java.util.Locale.ROOT);
  }

  private String credentialKey(Account account, String password) {
    byte[] msg = (account.id() + "\0" + password).getBytes(StandardCharsets.UTF_8);
    return Crypto.hex(Crypto.hmacSha256(cacheKey, msg));
  }

  private final class View implements Directory {
    private final boolean mayBlock;

    View(boolean mayBlock) {
      this.mayBlock = mayBlock;
    }

    private <T> Optional<T> get(Cache<String, Optional<T>> cache, String key, java.util.function.Supplier<Optional<T>> load) {
      Optional<T> v = cache.getIfPresent(key);
      if (v != null) {
        return v;
      }
      if (!mayBlock) {
        throw WouldBlock.INSTANCE;
      }
      v = load.get();
      cache.put(key, v);
      return v;
    }

    @Override
    public Optional<Account> accountByEmail(String email) {
      String norm = normalize(email);
      return get(accountsByEmail, norm, () -> store.accountByEmail(norm));
    }

    @Override
    public Optional<Account> accountById(String id) {
      return get(accountsById, id, () -> store.accountById(id));
    }

    @Override
    public Optional<Client> client(String clientKey) {
      return get(clients, clientKey, () -> store.client(clientKey));
    }

    @Override
    public boolean passwordMatches(Account account, String password) {
      if (!mayBlock) {
        if (account != null && account.passwordHash().equals(verified.getIfPresent(credentialKey(account, password)))) {
          return true;
        }
        throw WouldBlock.INSTANCE;
      }
      if (account == null) {
        Passwords.verify(password, dummyHash);
        return false;
      }
      String key = credentialKey(account, password);
      if (account.passwordHash().equals(verified.getIfPresent(key))) {
        return true;
      }
      boolean ok = Passwords.verify(password, account.passwordHash());
      if (ok) {
        verified.put(key, account.passwordHash());
      }
      return ok;
    }
  }
}
