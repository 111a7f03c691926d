package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MemoryReplayGuardTest {
  @Test
  void firstUse_onceOnly_evenConcurrently() {
    MemoryReplayGuard g = new MemoryReplayGuard(10_000);
    AtomicInteger wins = new AtomicInteger();
    IntStream.range(0, 64).parallel().forEach(i -> {
      if (g.firstUse("ksig1:client:nonce", Duration.ofMinutes(10))) {
        wins.incrementAndGet();
      }
    });
    assertThat(wins.get()).isEqualTo(1);
    assertThat(g.firstUse("ksig1:other-client:nonce", Duration.ofMinutes(10))).isTrue();
  }

  @Test
  void withClock_entriesExpireOnThatClock() {
    TestClock clock = new TestClock();
    MemoryReplayGuard g = new MemoryReplayGuard(10_000, clock);
    assertThat(g.firstUse("ksig1:c:n", Duration.ofSeconds(6))).isTrue();
    assertThat(g.increase("digest:a:n", 1, Duration.ofSeconds(6))).isTrue();
    clock.advance(Duration.ofMillis(5999));
    assertThat(g.firstUse("ksig1:c:n", Duration.ofSeconds(6))).as("still remembered just before its TTL").isFalse();
    assertThat(g.increase("digest:a:n", 1, Duration.ofSeconds(6))).isFalse();
    clock.advance(Duration.ofMillis(2));
    assertThat(g.firstUse("ksig1:c:n", Duration.ofSeconds(6))).as("gone once the clock is past its TTL").isTrue();
    assertThat(g.increase("digest:a:n", 1, Duration.ofSeconds(6))).isTrue();
  }

  @Test
  void increase_mustGoUp() {
    MemoryReplayGuard g = new MemoryReplayGuard(10_000);
    assertThat(g.increase("digest:n", 1, Duration.ofMinutes(5))).isTrue();
    assertThat(g.increase("digest:n", 1, Duration.ofMinutes(5))).isFalse();
    assertThat(g.increase("digest:n", 3, Duration.ofMinutes(5))).isTrue();
    assertThat(g.increase("digest:n", 2, Duration.ofMinutes(5))).isFalse();
  }

  /** A flood of fresh nonces cannot evict a victim's recorded nonce: the guard fails closed instead. */
  @Test
  void full_failsClosed_neverForgets() {
    MemoryReplayGuard g = new MemoryReplayGuard(1000);
    assertThat(g.firstUse("victim:nonce", Duration.ofMinutes(10))).isTrue();
    for (int i = 0; i < 5000; i++) {
      g.firstUse("attacker:" + i, Duration.ofMinutes(10));
    }
    assertThat(g.firstUse("victim:nonce", Duration.ofMinutes(10))).isFalse();
    assertThat(g.firstUse("fresh:value", Duration.ofMinutes(10))).isFalse();
  }

  @Test
  void entriesExpire() throws InterruptedException {
    MemoryReplayGuard g = new MemoryReplayGuard(1000);
    assertThat(g.firstUse("k", Duration.ofMillis(50))).isTrue();
    Thread.sleep(120);
    assertThat(g.firstUse("k", Duration.ofMillis(50))).isTrue();
  }
}
