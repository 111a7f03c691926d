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
 * refused, a Digest count raised, on a store already holding {@code live} values (so the tables are
 * out of the CPU caches, as in a node that has run for a window at full speed), one thread and two
 * (the two event loops of this machine). Keys are built per claim, as the schemes build them.
 */
public class ReplayBench extends AuthBench {
  @Param({"4000000"})
  public int live;

  MemoryReplayStore store;
  static final Duration TTL = Duration.ofSeconds(602);

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
    store = new MemoryReplayStore(MemoryReplayStore.DEFAULT_CAPACITY, InstantSource.fixed(Instant.parse("2026-12-03T00:00:00Z")));
    for (int i = 0; i < live; i++) {
      store.firstUse("ksig1:ck_0123456789abcdefghij:fill-" + i, TTL);
    }
  }

  @Benchmark
  public boolean freshNonce(Counter c) {
    return store.firstUse(c.prefix + c.next++, TTL);
  }

  @Benchmark
  @Threads(2)
  public boolean freshNonce_twoThreads(Counter c) {
    return store.firstUse(c.prefix + c.next++, TTL);
  }

  @Benchmark
  public boolean replayRefused(Counter c) {
    long i = c.replayed++ % live;
    return store.firstUse("ksig1:ck_0123456789abcdefghij:fill-" + i, TTL);
  }

  @Benchmark
  public boolean digestCountRaised(Counter c) {
    return store.increase("digest:acc:nonce-" + (c.next & 1023), ++c.replayed, Duration.ofMinutes(5));
  }
}
