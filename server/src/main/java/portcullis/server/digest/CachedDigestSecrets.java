package portcullis.server.digest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import portcullis.core.Directory;
import portcullis.core.scheme.digest.DigestAlgorithm;
import portcullis.core.scheme.digest.DigestSecrets;
import portcullis.core.scheme.digest.StoredHa1;

/**
 * {@link DigestSecrets} in front of {@link DigestStore}: answers from memory, and on a miss throws
 * {@link Directory.WouldBlock} on an event-loop thread (the gateway retries on a worker) or loads
 * from the store elsewhere. Entries live for the entity TTL (so other nodes' writes show up) and are
 * dropped after every local password write has committed. Thread-safe.
 */
final class CachedDigestSecrets implements DigestSecrets {
  private final DigestStore store;
  private final Cache<String, Optional<StoredHa1>> ha1s;
  private final Cache<String, Optional<String>> byUserhash;
  private final Runnable afterRead;

  CachedDigestSecrets(DigestStore store, Duration ttl, long maximumSize) {
    this(store, ttl, maximumSize, () -> { });
  }

  /**
   * @param afterRead runs after each store read, before the value is cached (tests hold a load in
   *     flight with it)
   */
  CachedDigestSecrets(DigestStore store, Duration ttl, long maximumSize, Runnable afterRead) {
    this.store = store;
    this.afterRead = afterRead;
    this.ha1s = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maximumSize).build();
    this.byUserhash = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maximumSize).build();
  }

  @Override
  public Optional<StoredHa1> ha1(String accountId, DigestAlgorithm base) {
    return get(ha1s, accountId + "/" + base.wire(), () -> store.ha1(accountId, base));
  }

  @Override
  public Optional<String> accountIdByUserhash(DigestAlgorithm base, String userhash) {
    return get(byUserhash, base.wire() + "/" + userhash, () -> store.accountIdByUserhash(base, userhash));
  }

  /** Stores the new HA1 values of an account and drops what was cached about it. Blocking. */
  void replace(String accountId, List<StoredHa1> rows) {
    store.replace(accountId, rows);
    for (DigestAlgorithm a : DigestAlgorithm.values()) {
      ha1s.invalidate(accountId + "/" + a.wire());
    }
    for (StoredHa1 r : rows) {
      byUserhash.invalidate(r.algorithm().wire() + "/" + r.userhash());
    }
  }

  /**
   * Loads through {@link Cache#get(Object, java.util.function.Function)}: an {@code invalidate} of
   * the same key waits for a load in flight, so a row read before a password change committed cannot
   * be put back after {@link #replace} dropped it.
   */
  private <T> Optional<T> get(Cache<String, Optional<T>> cache, String key, Supplier<Optional<T>> load) {
    Optional<T> v = cache.getIfPresent(key);
    if (v != null) {
      return v;
    }
    if (Context.isOnEventLoopThread()) {
      throw Directory.WouldBlock.INSTANCE;
    }
    return cache.get(key, k -> {
      Optional<T> loaded = load.get();
      afterRead.run();
      return loaded;
    });
  }
}
