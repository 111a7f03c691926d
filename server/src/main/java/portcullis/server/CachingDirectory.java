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
import portcullis.server.cluster.Invalidation;
import portcullis.server.cluster.Invalidations;

/**
 * The directory the schemes read, in front of the store: accounts and clients cached for a short
 * TTL and dropped on every local write; successful password verifications cached under a keyed
 * hash of (account, password) and valid only while the account's password hash is unchanged. The
 * entity caches are {@link StoreCache}s, so an invalidation after a write waits for a load in flight.
 *
 * <p>{@link #nonBlocking()} answers from memory or throws {@link Directory.WouldBlock}; {@link
 * #blocking()} may reach the store, and runs Argon2id on {@link PasswordChecks} threads only
 * (elsewhere it throws {@link Directory.WouldBlock#HASHING}). Thread-safe.
 */
public final class CachingDirectory {
  private final Store store;
  private final StoreCache<Account> accountsById;
  private final StoreCache<Account> accountsByEmail;
  private final StoreCache<Client> clients;
  private final Cache<CredentialKey, String> verified;
  private final byte[] cacheKey = Crypto.randomBytes(32);
  /** SHA-256, one per thread (made once: an instance per request showed in profiles). */
  private static final ThreadLocal<java.security.MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return java.security.MessageDigest.getInstance("SHA-256");
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  });

  /**
   * The verified-password cache's key: SHA-256 of this process's random {@link #cacheKey}, the
   * account id and the password, as four longs (no hex string made per request). The key never
   * leaves memory, so a prefix-keyed hash is enough to keep a heap dump from revealing or testing
   * passwords; it costs half an HMAC, which showed in profiles of Basic.
   */
  private record CredentialKey(long a, long b, long c, long d) {}

  /**
   * An Argon2id hash of a random password, checked against for unknown users so that they cost what
   * known ones do. Made a few seconds after start on a background thread (made at once, it took a
   * core from start-up: 19 MiB of Argon2id in a JVM not yet compiled, on two cores), or by the first
   * unknown user's check if that comes first (on a password-check thread; any random password's
   * hash serves, so two threads making one each is harmless).
   */
  private volatile String dummyHash;

  {
    java.util.concurrent.CompletableFuture.runAsync(this::dummyHash,
        java.util.concurrent.CompletableFuture.delayedExecutor(3, java.util.concurrent.TimeUnit.SECONDS));
  }

  private String dummyHash() {
    String h = dummyHash;
    if (h == null) {
      h = Passwords.hash(Crypto.randomBase62(24));
      dummyHash = h;
    }
    return h;
  }
  private final Directory nonBlocking = new View(false);
  private final Directory blocking = new View(true);
  private final Invalidations invalidations;

  /** A single node's directory (its writes are invalidated here only). */
  public CachingDirectory(Store store, Duration entityTtl, Duration credentialTtl, long maximumSize) {
    this(store, entityTtl, credentialTtl, maximumSize, Invalidations.local());
  }

  /**
   * A directory whose invalidations go through {@code invalidations}: every node on its channel
   * drops what a write here changed, and its caches answer only while {@link Invalidations#trusted()}.
   */
  public CachingDirectory(Store store, Duration entityTtl, Duration credentialTtl, long maximumSize, Invalidations invalidations) {
    this.store = store;
    this.invalidations = invalidations;
    this.accountsById = new StoreCache<>(entityTtl, maximumSize, invalidations::trusted);
    this.accountsByEmail = new StoreCache<>(entityTtl, maximumSize, invalidations::trusted);
    this.clients = new StoreCache<>(entityTtl, maximumSize, invalidations::trusted);
    this.verified = Caffeine.newBuilder().expireAfterWrite(credentialTtl).maximumSize(maximumSize).recordStats()
        .executor(Runnable::run).build(); // as StoreCache's
    invalidations.subscribe(this::received);
  }

  /**
   * Publishes the caches' hits, misses and sizes: {@code accounts_by_id}, {@code accounts_by_email},
   * {@code clients}, {@code credentials} (passwords and secrets already checked); the {@link CacheMeters}
   * modules publish theirs with ({@link #cacheMeters()}).
   */
  public CachingDirectory monitored(CacheMeters meters) {
    this.meters = meters;
    accountsById.monitored(meters, "accounts_by_id");
    accountsByEmail.monitored(meters, "accounts_by_email");
    clients.monitored(meters, "clients");
    meters.monitor("credentials", verified);
    return this;
  }

  private CacheMeters meters = CacheMeters.NONE;

  /** Where the modules' caches are published ({@link CacheMeters#NONE} until {@link #monitored}). */
  public CacheMeters cacheMeters() {
    return meters;
  }

  /** Where this node's writes are announced and other nodes' heard (modules publish theirs there too). */
  public Invalidations invalidations() {
    return invalidations;
  }

  private void received(Invalidation event) {
    switch (event) {
      case Invalidation.AccountChanged a -> {
        accountsById.invalidate(a.id());
        accountsByEmail.invalidate(normalize(a.email()));
      }
      case Invalidation.ClientChanged c -> clients.invalidate(c.key());
      case Invalidation.DropAll d -> invalidateAll();
      default -> { }
    }
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

  /**
   * Drops everything cached about the account (status, password, email), here and on every node:
   * call after the write committed.
   */
  public void invalidateAccount(Account account) {
    invalidations.publish(new Invalidation.AccountChanged(account.id(), account.email()));
  }

  /** Drops what this node cached under {@code email} (only here: other nodes hear {@link #invalidateAccount}). */
  public void invalidateEmail(String email) {
    accountsByEmail.invalidate(normalize(email));
  }

  /** Drops the client here and on every node: call after the write committed. */
  public void invalidateClient(String clientKey) {
    invalidations.publish(new Invalidation.ClientChanged(clientKey));
  }

  /** Drops every entry cached on this node (tests; a cluster-wide drop is {@link Invalidation.DropAll}). */
  public void invalidateAll() {
    accountsById.invalidateAll();
    accountsByEmail.invalidateAll();
    clients.invalidateAll();
    verified.invalidateAll();
  }

  private static String normalize(String email) {
    return email.trim().toLowerCase(java.util.Locale.ROOT);
  }

  private CredentialKey credentialKey(Account account, String password) {
    java.security.MessageDigest md = SHA256.get();
    md.update(cacheKey);
    md.update((account.id() + "\0" + password).getBytes(StandardCharsets.UTF_8));
    java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(md.digest()); // digest() resets it for the next message
    return new CredentialKey(h.getLong(), h.getLong(), h.getLong(), h.getLong());
  }

  /**
   * Argon2id, only on a {@link PasswordChecks} thread: elsewhere (a worker doing store look-ups) it
   * throws {@link Directory.WouldBlock#HASHING} and the caller runs the check again on one.
   */
  private static boolean argon2(String password, String hash) {
    if (!PasswordChecks.onThisThread()) {
      throw Directory.WouldBlock.HASHING;
    }
    return Passwords.verify(password, hash);
  }

  private final class View implements Directory {
    private final boolean mayBlock;

    View(boolean mayBlock) {
      this.mayBlock = mayBlock;
    }

    @Override
    public boolean mayBlock() {
      return mayBlock;
    }

    @Override
    public Optional<Account> accountByEmail(String email) {
      return accountsByEmail.get(normalize(email), mayBlock, store::accountByEmail);
    }

    @Override
    public Optional<Account> accountById(String id) {
      return accountsById.get(id, mayBlock, store::accountById);
    }

    @Override
    public Optional<Client> client(String clientKey) {
      return clients.get(clientKey, mayBlock, store::client);
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
        if (!PasswordChecks.onThisThread()) {
          throw WouldBlock.HASHING; // before the dummy hash may be made: Argon2id only on a password-check thread
        }
        argon2(password, dummyHash());
        return false;
      }
      CredentialKey key = credentialKey(account, password);
      if (account.passwordHash().equals(verified.getIfPresent(key))) {
        return true;
      }
      boolean ok = argon2(password, account.passwordHash());
      if (ok) {
        verified.put(key, account.passwordHash());
      }
      return ok;
    }
  }
}
