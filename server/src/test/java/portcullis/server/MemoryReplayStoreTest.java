package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import org.junit.jupiter.api.Test;
import portcullis.core.replay.ReplayStore;
import portcullis.core.testing.MovableClock;

/** The in-memory replay store: the contract, on a test clock, and failing closed when full. */
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
}
