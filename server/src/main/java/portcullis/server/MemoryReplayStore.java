package portcullis.server;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import portcullis.core.replay.Claim;
import portcullis.core.replay.ReplayStore;

/**
 * The single-node {@link ReplayStore}, answering at once (a completed stage): a Caffeine cache with a per-entry lifetime and no eviction
 * by size, so nobody can flush other clients' nonces out by sending fresh ones. When it holds
 * {@code maximumSize} live entries it fails closed: new values are refused (the request is answered
 * as a replay) until entries expire. Size it above (requests per second x window). Thread-safe.
 */
public final class MemoryReplayStore implements ReplayStore {
  /** A value and the ticker reading it expires at (kept as is when a refused update returns it unchanged). */
  private record Entry(long value, long deadline) {
    long remaining(long now) {
      return Math.max(0, deadline - now);
    }
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MemoryReplayStore.class);
  private final Cache<String, Entry> seen;
  private final Ticker ticker;
  private final long maximumSize;
  private volatile long lastWarning;

  /** Entries expire on {@link System#nanoTime()}. */
  public MemoryReplayStore(long maximumSize) {
    this(maximumSize, Ticker.systemTicker());
  }

  /**
   * Entries expire on {@code clock}, the clock the schemes check timestamps with: an entry lives
   * exactly as long, on that clock, as the timestamp it protects can pass (tests move it).
   */
  public MemoryReplayStore(long maximumSize, InstantSource clock) {
    this(maximumSize, ticker(clock));
  }

  private static Ticker ticker(InstantSource clock) {
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }

  private MemoryReplayStore(long maximumSize, Ticker ticker) {
    this.maximumSize = maximumSize;
    this.ticker = ticker;
    this.seen = Caffeine.newBuilder().ticker(ticker).expireAfter(new Expiry<String, Entry>() {
      @Override
      public long expireAfterCreate(String k, Entry v, long now) {
        return v.remaining(now);
      }

      @Override
      public long expireAfterUpdate(String k, Entry v, long now, long current) {
        return v.remaining(now); // a refused increase returns the old entry: its deadline stays
      }

      @Override
      public long expireAfterRead(String k, Entry v, long now, long current) {
        return current;
      }
    }).build();
  }

  private long deadline(Duration ttl) {
    return ticker.read() + ttl.toNanos();
  }

  /** True when a new entry may be added; false (and a warning at most once a minute) when full. */
  private boolean roomFor(String key) {
    if (seen.estimatedSize() < maximumSize) {
      return true;
    }
    seen.cleanUp();
    if (seen.estimatedSize() < maximumSize || seen.getIfPresent(key) != null) {
      return true;
    }
    long now = System.nanoTime();
    if (now - lastWarning > 60_000_000_000L) {
      lastWarning = now;
      LOG.warn("replay store full ({} live entries): refusing new nonces until entries expire; raise replayCacheSize", maximumSize);
    }
    return false;
  }

  private static final CompletionStage<Boolean> HELD = CompletableFuture.completedFuture(true);
  private static final CompletionStage<Boolean> REFUSED = CompletableFuture.completedFuture(false);

  @Override
  public CompletionStage<Boolean> claim(Claim claim) {
    boolean held = claim.isFirstUse() ? firstUse(claim.key(), claim.ttl()) : increase(claim.key(), claim.value(), claim.ttl());
    return held ? HELD : REFUSED;
  }

  /** Records {@code key}; whether this is its first use within {@code ttl} (atomic). */
  public boolean firstUse(String key, Duration ttl) {
    if (!roomFor(key)) {
      return false;
    }
    AtomicBoolean first = new AtomicBoolean(false);
    seen.asMap().computeIfAbsent(key, k -> {
      first.set(true);
      return new Entry(1, deadline(ttl));
    });
    return first.get();
  }

  /** Raises the count under {@code key} to {@code value} when greater (absent: 0); whether it was. */
  public boolean increase(String key, long value, Duration ttl) {
    if (!roomFor(key)) {
      return false;
    }
    AtomicBoolean raised = new AtomicBoolean(false);
    seen.asMap().compute(key, (k, old) -> {
      if (old == null || value > old.value()) {
        raised.set(true);
        return new Entry(value, deadline(ttl));
      }
      return old;
    });
    return raised.get();
  }
}
