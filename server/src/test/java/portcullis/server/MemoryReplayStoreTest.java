package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import portcullis.core.replay.ReplayStore;
import portcullis.core.testing.MovableClock;

/**
 * The in-memory replay store: the contract, on a test clock; never refusing a fresh value below its
 * stated capacity (filled at once, and at a steady rate for many TTLs); failing closed when full;
 * two threads at once.
 */
class MemoryReplayStoreTest extends ReplayStoreContract {
  private final Map<ReplayStore, MovableClock> clocks = new WeakHashMap<>();

  @Override
  ReplayStore store() {
    MovableClock clock = MovableClock.atNow();
    MemoryReplayStore s = new MemoryReplayStore(10_000, clock);
    clocks.put(s, clock);
    return s;
  }

  @Override
  void elapse(ReplayStore store, Duration d) {
    clocks.get(store).advance(d);
  }

  @Test
  void withClock_expiresExactlyAtItsTtl() {
    MovableClock clock = MovableClock.atNow();
    MemoryReplayStore g = new MemoryReplayStore(10_000, clock);
    assertThat(g.firstUse("ksig1:c:n", Duration.ofSeconds(6))).isTrue();
    assertThat(g.increase("digest:a:n", 1, Duration.ofSeconds(6))).isTrue();
    clock.advance(Duration.ofMillis(5999));
    assertThat(g.firstUse("ksig1:c:n", Duration.ofSeconds(6))).as("still remembered just before its TTL").isFalse();
    assertThat(g.increase("digest:a:n", 1, Duration.ofSeconds(6))).isFalse();
    clock.advance(Duration.ofMillis(2));
    assertThat(g.firstUse("ksig1:c:n", Duration.ofSeconds(6))).as("gone once the clock is past its TTL").isTrue();
    assertThat(g.increase("digest:a:n", 1, Duration.ofSeconds(6))).isTrue();
  }

  /** A flood of fresh nonces cannot evict a victim's recorded nonce: the store fails closed instead. */
  @Test
  void full_failsClosed_neverForgets() {
    MemoryReplayStore g = new MemoryReplayStore(1000);
    assertThat(g.firstUse("victim:nonce", Duration.ofMinutes(10))).isTrue();
    for (int i = 0; i < 5000; i++) {
      g.firstUse("attacker:" + i, Duration.ofMinutes(10));
    }
    assertThat(g.firstUse("victim:nonce", Duration.ofMinutes(10))).isFalse();
    assertThat(g.firstUse("fresh:value", Duration.ofMinutes(10))).isFalse();
  }

  @Test
  void systemTicker_entriesExpire() throws InterruptedException {
    MemoryReplayStore g = new MemoryReplayStore(1000);
    assertThat(g.firstUse("k", Duration.ofMillis(50))).isTrue();
    Thread.sleep(120);
    assertThat(g.firstUse("k", Duration.ofMillis(50))).isTrue();
  }

  /** One stripe (capacity under 32768): exactly the capacity is accepted, then nothing new. */
  @Test
  void fillToCapacity_everyFreshValueAccepted_oneStripe() {
    MovableClock clock = MovableClock.atNow();
    MemoryReplayStore g = new MemoryReplayStore(20_000, clock);
    for (int i = 0; i < 20_000; i++) {
      assertThat(g.firstUse("ksig1:c:" + i, Duration.ofMinutes(10))).as("value %d", i).isTrue();
    }
    assertThat(g.entries()).isEqualTo(20_000);
    assertThat(g.firstUse("ksig1:c:one-more", Duration.ofMinutes(10))).as("full: fails closed").isFalse();
    for (int i = 0; i < 20_000; i += 7) {
      assertThat(g.firstUse("ksig1:c:" + i, Duration.ofMinutes(10))).as("replay %d", i).isFalse();
    }
  }

  /** Many stripes: every one of capacity distinct values is accepted, every replay refused. */
  @Test
  void fillToCapacity_everyFreshValueAccepted_manyStripes() {
    MovableClock clock = MovableClock.atNow();
    int capacity = 600_000;
    MemoryReplayStore g = new MemoryReplayStore(capacity, clock);
    for (int i = 0; i < capacity; i++) {
      if (!g.firstUse("ksig1:client-key:nonce-" + i, Duration.ofSeconds(602))) {
        throw new AssertionError("fresh value " + i + " refused below capacity");
      }
    }
    assertThat(g.entries()).isEqualTo(capacity);
    for (int i = 0; i < capacity; i++) {
      if (g.firstUse("ksig1:client-key:nonce-" + i, Duration.ofSeconds(602))) {
        throw new AssertionError("replay " + i + " accepted");
      }
    }
    clock.advance(Duration.ofSeconds(602));
    assertThat(g.entries()).as("nothing live once every TTL has passed (counted on the next claim)").isLessThanOrEqualTo(capacity);
    assertThat(g.firstUse("ksig1:client-key:nonce-0", Duration.ofSeconds(602))).as("forgotten after its TTL").isTrue();
    for (int i = 1; i < capacity; i++) {
      if (!g.firstUse("ksig1:client-key:nonce-" + i, Duration.ofSeconds(602))) {
        throw new AssertionError("value " + i + " not forgotten after its TTL");
      }
    }
  }

  /**
   * At a steady rate of capacity / ttl values a second, for 20 TTLs (expired slots reused, tables
   * rebuilt): every fresh value accepted, each replayed once within its TTL and refused.
   */
  @Test
  void steadyRate_atCapacity_noFalseRefusal() {
    MovableClock clock = MovableClock.atNow();
    int capacity = 30_000;
    int perSecond = 3_000;
    Duration ttl = Duration.ofSeconds(10);
    MemoryReplayStore g = new MemoryReplayStore(capacity, clock);
    long n = 0;
    for (int second = 0; second < 200; second++) {
      for (int i = 0; i < perSecond; i++, n++) {
        if (!g.firstUse("oauth1:k:t:" + n, ttl)) {
          throw new AssertionError("fresh value " + n + " refused in second " + second + " (" + g.entries() + " live)");
        }
        if (n >= 5 * perSecond && g.firstUse("oauth1:k:t:" + (n - 5 * perSecond), ttl)) {
          throw new AssertionError("replay of " + (n - 5 * perSecond) + " accepted 5 s after it");
        }
      }
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(g.entries()).isLessThanOrEqualTo(capacity);
  }

  /** Counts are kept beside first uses of the same key, and must still go up after many other counts. */
  @Test
  void counts_increaseSemantics_besideFirstUses() {
    MovableClock clock = MovableClock.atNow();
    MemoryReplayStore g = new MemoryReplayStore(20_000, clock);
    assertThat(g.increase("digest:a:n", 5, Duration.ofMinutes(5))).isTrue();
    assertThat(g.firstUse("digest:a:n", Duration.ofMinutes(5))).as("a first use is not a count").isTrue();
    for (int i = 0; i < 1000; i++) {
      assertThat(g.increase("digest:a:n" + i, 1, Duration.ofMinutes(5))).isTrue();
    }
    assertThat(g.increase("digest:a:n", 5, Duration.ofMinutes(5))).isFalse();
    assertThat(g.increase("digest:a:n", 4, Duration.ofMinutes(5))).isFalse();
    assertThat(g.increase("digest:a:n", 6, Duration.ofMinutes(1))).isTrue();
    clock.advance(Duration.ofSeconds(61));
    assertThat(g.increase("digest:a:n", 2, Duration.ofMinutes(1))).as("the raised count's own TTL").isTrue();
    assertThat(g.countEntries()).isEqualTo(1001);
    assertThat(g.countCapacity()).isEqualTo(1250);
  }

  /** Two threads claiming the same values: each value held by exactly one of them. */
  @Test
  void twoThreads_eachValueHeldOnce() throws Exception {
    MemoryReplayStore g = new MemoryReplayStore(700_000, MovableClock.atNow());
    int n = 200_000;
    AtomicLong held = new AtomicLong();
    CountDownLatch go = new CountDownLatch(1);
    Runnable claimer = () -> {
      try {
        go.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      long mine = 0;
      for (int i = 0; i < n; i++) {
        if (g.firstUse("ksig1:c:" + i, Duration.ofMinutes(10))) {
          mine++;
        }
        if (g.firstUse("ksig1:own:" + Thread.currentThread().getName() + ":" + i, Duration.ofMinutes(10))) {
          mine++;
        }
      }
      held.addAndGet(mine);
    };
    Thread a = new Thread(claimer, "a");
    Thread b = new Thread(claimer, "b");
    a.start();
    b.start();
    go.countDown();
    a.join();
    b.join();
    assertThat(held.get()).isEqualTo(3L * n);
    assertThat(g.entries()).isEqualTo(3L * n);
  }

  @Test
  void defaultCapacity_isTargetRateTimesLongestTtl() {
    assertThat(MemoryReplayStore.LONGEST_TTL).isEqualTo(Duration.ofSeconds(602));
    assertThat(MemoryReplayStore.DEFAULT_CAPACITY).isEqualTo(30_000L * 602);
  }
}
