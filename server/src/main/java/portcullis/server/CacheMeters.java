package portcullis.server;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * Publishes a cache's counts on {@code /metrics} under its name: Micrometer's {@code cache_gets_total{cache,result=hit|miss}},
 * {@code cache_size}, {@code cache_evictions_total}, and {@code portcullis_cache_hit_ratio{cache}} (hits over look-ups since
 * start, 0 before the first). The cache must be built with {@code recordStats()}.
 */
public final class CacheMeters {
  private final MeterRegistry registry; // null: not published (tests, embedded use without metrics)

  public CacheMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Publishes nothing. */
  public static final CacheMeters NONE = new CacheMeters(null);

  public void monitor(String name, Cache<?, ?> cache) {
    if (registry == null) {
      return;
    }
    CaffeineCacheMetrics.monitor(registry, cache, name);
    Gauge.builder("portcullis.cache.hit.ratio", cache, c -> c.stats().hitRate()).tag("cache", name)
        .description("Share of look-ups answered from the cache since start").register(registry);
  }
}
