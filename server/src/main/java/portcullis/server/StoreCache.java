package portcullis.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import portcullis.core.Directory;

/**
 * The one cache in front of a store read on the authentication path (accounts, clients, Digest HA1
 * values, OAuth 1.0a tokens and RSA keys, key-tokens). Every look-up is told whether it may block:
 * a hit answers from memory; a miss either loads from the store (may block) or throws {@link
 * Directory.WouldBlock} (may not: the gateway runs the work again on a worker, see {@link
 * DirectoryRunner}). Absent rows are cached too, as {@link Optional#empty()}.
 *
 * <p>Loads go through Caffeine's get-with-loader, never getIfPresent → load → put: a load is atomic
 * with its entry, so an {@link #invalidate} issued after a write committed waits for a load in
 * flight and removes its (possibly stale) result instead of being overtaken by it. Thread-safe.
 *
 * @param <V> the cached value
 */
public final class StoreCache<V> {
  private final Cache<String, Optional<V>> cache;
  private final Runnable afterRead;
  private final BooleanSupplier trusted;

  /** Entries live for {@code ttl} after they were loaded (so other nodes' writes show up). */
  public StoreCache(Duration ttl, long maximumSize) {
    this(ttl, maximumSize, () -> { });
  }

  /**
   * Entries live for {@code ttl}; while {@code trusted} is false (a cluster node that heard nothing
   * on its invalidation channel, {@link portcullis.server.cluster.Invalidations#trusted}) every
   * look-up is a miss: it reads the store (or throws {@link Directory.WouldBlock} when it may not
   * block) and replaces the entry with what it read.
   */
  public StoreCache(Duration ttl, long maximumSize, BooleanSupplier trusted) {
    this(ttl, maximumSize, () -> { }, trusted);
  }

  /**
   * @param afterRead runs after each store read, before the value is cached (tests hold a load in
   *     flight with it)
   */
  public StoreCache(Duration ttl, long maximumSize, Runnable afterRead) {
    this(ttl, maximumSize, afterRead, () -> true);
  }

  /** Both of the above. */
  public StoreCache(Duration ttl, long maximumSize, Runnable afterRead, BooleanSupplier trusted) {
    this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maximumSize).recordStats()
        .executor(Runnable::run).build(); // maintenance on the caller: no thread woken per few reads
    this.afterRead = afterRead;
    this.trusted = trusted;
  }

  /** Publishes this cache's hits, misses and size under {@code name} ({@link CacheMeters}); returns this. */
  public StoreCache<V> monitored(CacheMeters meters, String name) {
    meters.monitor(name, cache);
    return this;
  }

  /**
   * The value under {@code key}: from memory, else from {@code load} when {@code mayBlock}, else
   * {@link Directory.WouldBlock#INSTANCE}.
   */
  public Optional<V> get(String key, boolean mayBlock, Function<String, Optional<V>> load) {
    if (!trusted.getAsBoolean()) {
      if (!mayBlock) {
        throw Directory.WouldBlock.INSTANCE;
      }
      // atomic with invalidate() like a load, and what it read replaces what was cached
      return cache.asMap().compute(key, (k, old) -> {
        Optional<V> loaded = load.apply(k);
        afterRead.run();
        return loaded;
      });
    }
    Optional<V> hit = cache.getIfPresent(key);
    if (hit != null) {
      return hit;
    }
    if (!mayBlock) {
      throw Directory.WouldBlock.INSTANCE;
    }
    return cache.get(key, k -> {
      Optional<V> loaded = load.apply(k);
      afterRead.run();
      return loaded;
    });
  }

  /** The same, blocking as {@code lookups} allows ({@link Directory#mayBlock()}). */
  public Optional<V> get(String key, Directory lookups, Function<String, Optional<V>> load) {
    return get(key, lookups.mayBlock(), load);
  }

  /** Drops the entry (after the write that changed it committed). */
  public void invalidate(String key) {
    cache.invalidate(key);
  }

  public void invalidateAll(Iterable<String> keys) {
    cache.invalidateAll(keys);
  }

  /** Drops every cached value that matches (e.g. all of one client's tokens). */
  public void invalidateIf(java.util.function.Predicate<V> matches) {
    cache.asMap().values().removeIf(o -> o.isPresent() && matches.test(o.get()));
  }

  public void invalidateAll() {
    cache.invalidateAll();
  }
}
