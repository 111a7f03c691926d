package portcullis.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import portcullis.server.MemoryReplayStore;

/**
 * The in-memory replay store's claim path alone (bench/jmh.sh ReplayBench): a fresh nonce, a replay
 * refused, a Digest count raised, on a store holding {@code live} values (so the tables are out of
 * the CPU caches, as in a node that has run for a window at full speed), one thread and two (the two
 * event loops of this machine). The store's clock advances 1 ms every 30 fresh claims (30k/s
 * simulated) and values are kept live / 30k s, so old values expire as new ones come: the steady
 * state, with tables rebuilt as they fill. Keys are built per claim, as the schemes build them; the
 * shared claim counter that drives the clock is part of the cost.
 */
public class ReplayBench extends AuthBench {
  @Param({"4000000"})
  public int live;

  MemoryReplayStore store;
  Duration ttl;
  final java.util.concurrent.atomic.AtomicLong claims = new java.util.concurrent.atomic.AtomicLong();
  static final long BASE = Instant.parse("2026-12-03T00:00:00Z").toEpochMilli();

  /** Per-thread counters, so two threads never claim the same fresh key. */
  @State(Scope.Thread)
  public static class Counter {
    static final java.util.concurrent.atomic.AtomicInteger THREADS = new java.util.concurrent.atomic.AtomicInteger();
    final String prefix = "ksig1:ck_0123456789abcdefghij:t" + THREADS.incrementAndGet() + "-";
    long next;
    long replayed;
  }

  @Setup(Level.Trial)
  public void fill() {
    InstantSource clock = new InstantSource() {
      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(millis());
      }

      @Override
      public long millis() {
        return BASE + claims.get() / 30;
      }
    };
    store = new MemoryReplayStore(MemoryReplayStore.DEFAULT_CAPACITY, clock);
    ttl = Duration.ofMillis(live / 30);
    for (int i = 0; i < live; i++) {
      claims.incrementAndGet();
      store.firstUse("ksig1:ck_0123456789abcdefghij:fill-" + i, ttl);
    }
  }

  @Benchmark
  public boolean freshNonce(Counter c) {
    claims.incrementAndGet();
    return store.firstUse(c.prefix + c.next++, ttl);
  }

  @Benchmark
  @Threads(2)
  public boolean freshNonce_twoThreads(Counter c) {
    claims.incrementAndGet();
    return store.firstUse(c.prefix + c.next++, ttl);
  }

  @Benchmark
  public boolean replayRefused(Counter c) {
    long i = live / 2 + c.replayed++ % (live / 2); // the newer half: still live (the clock stands still here)
    return store.firstUse("ksig1:ck_0123456789abcdefghij:fill-" + i, ttl);
  }

  @Benchmark
  public boolean digestCountRaised(Counter c) {
    return store.increase("digest:acc:nonce-" + (c.next & 1023), ++c.replayed, Duration.ofMinutes(5));
  }
}
