package portcullis.server.digest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import portcullis.core.Directory;
import portcullis.core.scheme.digest.DigestAlgorithm;
import portcullis.core.scheme.digest.DigestSecrets;
import portcullis.core.scheme.digest.StoredHa1;
import portcullis.server.StoreCache;

/**
 * {@link DigestSecrets} in front of {@link DigestStore} on {@link StoreCache}s: answers from memory,
 * and on a miss throws {@link Directory.WouldBlock} through the non-blocking directory (the gateway
 * retries on a worker) or loads from the store. Entries live for the entity TTL (so other nodes' writes show up) and are
 * dropped after every local password write has committed. Thread-safe.
 */
final class CachedDigestSecrets implements DigestSecrets {
  private final DigestStore store;
  private final StoreCache<StoredHa1> ha1s;
  private final StoreCache<String> byUserhash;

  CachedDigestSecrets(DigestStore store, Duration ttl, long maximumSize) {
    this(store, ttl, maximumSize, () -> { });
  }

  /**
   * @param afterRead runs after each store read, before the value is cached (tests hold a load in
   *     flight with it)
   */
  CachedDigestSecrets(DigestStore store, Duration ttl, long maximumSize, Runnable afterRead) {
    this(store, ttl, maximumSize, afterRead, () -> true);
  }

  /** @param trusted whether cached values may answer (see {@link StoreCache}) */
  CachedDigestSecrets(DigestStore store, Duration ttl, long maximumSize, Runnable afterRead, java.util.function.BooleanSupplier trusted) {
    this.store = store;
    this.ha1s = new StoreCache<>(ttl, maximumSize, afterRead, trusted);
    this.byUserhash = new StoreCache<>(ttl, maximumSize, afterRead, trusted);
  }

  /** Publishes the caches as {@code digest_ha1} and {@code digest_userhash}. */
  CachedDigestSecrets monitored(portcullis.server.CacheMeters meters) {
    ha1s.monitored(meters, "digest_ha1");
    byUserhash.monitored(meters, "digest_userhash");
    return this;
  }

  /**
   * Drops what is cached about an account another node changed (its HA1 values, and a cached "no
   * such user" under its hashed user names, as a new account's would be) or, for a drop-all, everything.
   */
  void received(portcullis.server.cluster.Invalidation event, String realm) {
    switch (event) {
      case portcullis.server.cluster.Invalidation.AccountChanged a -> {
        for (DigestAlgorithm alg : DigestAlgorithm.values()) {
          ha1s.invalidate(a.id() + "/" + alg.wire());
          byUserhash.invalidate(alg.wire() + "/" + alg.userhash(a.email(), realm));
        }
      }
      case portcullis.server.cluster.Invalidation.DropAll d -> {
        ha1s.invalidateAll();
        byUserhash.invalidateAll();
      }
      default -> { }
    }
  }

  @Override
  public Optional<StoredHa1> ha1(String accountId, DigestAlgorithm base, Directory lookups) {
    return ha1s.get(accountId + "/" + base.wire(), lookups, k -> store.ha1(accountId, base));
  }

  @Override
  public Optional<String> accountIdByUserhash(DigestAlgorithm base, String userhash, Directory lookups) {
    return byUserhash.get(base.wire() + "/" + userhash, lookups, k -> store.accountIdByUserhash(base, userhash));
  }

  /**
   * Stores the new HA1 values of an account and drops what was cached about it (a load in flight is
   * waited for, see {@link StoreCache}). Blocking.
   */
  void replace(String accountId, List<StoredHa1> rows) {
    store.replace(accountId, rows);
    for (DigestAlgorithm a : DigestAlgorithm.values()) {
      ha1s.invalidate(accountId + "/" + a.wire());
    }
    for (StoredHa1 r : rows) {
      byUserhash.invalidate(r.algorithm().wire() + "/" + r.userhash());
    }
  }
}
