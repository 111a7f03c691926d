package portcullis.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import portcullis.core.replay.Claim;
import portcullis.core.replay.ReplayStore;

/**
 * An in-memory {@link ReplayStore} whose entries expire on a test clock: an entry recorded at
 * {@code t} with TTL {@code d} is live while the clock reads strictly before {@code t + d}. Keeps
 * every TTL it was given, for assertions. The one in-memory replay store of the unit tests (without
 * a clock: entries never expire). Thread-safe.
 */
public final class ClockedReplayGuard implements ReplayStore {
  /** One recorded use: the key, the TTL asked for, and the instant it expires on the test clock. */
  public record Recorded(String key, Duration ttl, Instant expiresAt) {}

  private record Entry(long value, Instant expiresAt) {}

  private final InstantSource clock;
  private final Map<String, Entry> entries = new HashMap<>();
  private final List<Recorded> recorded = new ArrayList<>();
  private final List<String> asked = new ArrayList<>();

  public ClockedReplayGuard(InstantSource clock) {
    this.clock = clock;
  }

  /** A store whose entries never expire (its clock stands still). */
  public ClockedReplayGuard() {
    this(InstantSource.fixed(Instant.EPOCH));
  }

  private Entry live(String key) {
    Entry e = entries.get(key);
    return e != null && clock.instant().isBefore(e.expiresAt()) ? e : null;
  }

  /** Whether {@code key} is remembered at the clock's current instant. */
  public synchronized boolean isLive(String key) {
    return live(key) != null;
  }

  @Override
  public CompletionStage<Boolean> claim(Claim claim) {
    synchronized (this) {
      asked.add(claim.key());
    }
    return CompletableFuture.completedFuture(claim.isFirstUse() ? firstUse(claim.key(), claim.ttl())
        : increase(claim.key(), claim.value(), claim.ttl()));
  }

  public synchronized boolean firstUse(String key, Duration ttl) {
    if (live(key) != null) {
      return false;
    }
    put(key, 1, ttl);
    return true;
  }

  public synchronized boolean increase(String key, long value, Duration ttl) {
    Entry e = live(key);
    if (e != null && value <= e.value()) {
      return false;
    }
    put(key, value, ttl);
    return true;
  }

  private void put(String key, long value, Duration ttl) {
    Instant expires = clock.instant().plus(ttl);
    entries.put(key, new Entry(value, expires));
    recorded.add(new Recorded(key, ttl, expires));
  }

  /** Every use recorded so far, oldest first. */
  public synchronized List<Recorded> recorded() {
    return List.copyOf(recorded);
  }

  /** The key of every claim asked so far, held or not, oldest first. */
  public synchronized List<String> asked() {
    return List.copyOf(asked);
  }

  /** The most recent use recorded. */
  public synchronized Recorded last() {
    return recorded.get(recorded.size() - 1);
  }
}
