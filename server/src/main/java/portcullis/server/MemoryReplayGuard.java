package portcullis.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import portcullis.core.replay.ReplayGuard;

/**
 * The single-node {@link ReplayGuard}: a bounded Caffeine cache with a per-entry lifetime. When the
 * bound is reached the entries closest to expiry go first; size it above (requests per second x
 * window). Thread-safe.
 */
public final class MemoryReplayGuard implements ReplayGuard {
  private record Entry(long value, long ttlNanos) {}

  private final Cache<String, Entry> seen;

  public MemoryReplayGuard(long maximumSize) {
    this.seen = Caffeine.newBuilder().maximumSize(maximumSize).expireAfter(new Expiry<String, Entry>() {
      @Override
      public long expireAfterCreate(String k, Entry v, long now) {
        return v.ttlNanos();
      }

      @Override
      public long expireAfterUpdate(String k, Entry v, long now, long current) {
        return v.ttlNanos();
      }

      @Override
      public long expireAfterRead(String k, Entry v, long now, long current) {
        return current;
      }
    }).build();
  }

  @Override
  public boolean firstUse(String key, Duration ttl) {
    AtomicBoolean first = new AtomicBoolean(false);
    seen.asMap().computeIfAbsent(key, k -> {
      first.set(true);
      return new Entry(1, ttl.toNanos());
    });
    return first.get();
  }

  @Override
  public boolean increase(String key, long value, Duration ttl) {
    AtomicBoolean raised = new AtomicBoolean(false);
    seen.asMap().compute(key, (k, old) -> {
      if (old == null || value > old.value()) {
        raised.set(true);
        return new Entry(value, ttl.toNanos());
      }
      return old;
    });
    return raised.get();
  }
}
