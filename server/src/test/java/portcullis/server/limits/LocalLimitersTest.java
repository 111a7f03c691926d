package portcullis.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import portcullis.core.Subject;
import portcullis.core.testing.MovableClock;
import portcullis.server.config.Settings;

/** The in-memory limiters on a moved clock: exact windows, exact counts, no lost updates between threads. */
class LocalLimitersTest {
  final MovableClock clock = MovableClock.atNow();
  final LocalFailedLogins failed = new LocalFailedLogins(
      new Settings.FailedLogins(3, 5, 4, Duration.ofSeconds(60), Duration.ofSeconds(600)), clock);
  final LocalRateLimiter rate = new LocalRateLimiter(clock);

  long fail(String ip, String subject) {
    return failed.failed(ip, subject).toCompletableFuture().join();
  }

  @Test
  void pairRefusedAtItsLimit_untilTheOldestFailureLeavesTheWindow() {
    String bob = Subject.account("bob");
    assertThat(fail("1.1.1.1", bob)).isZero();
    clock.advanceSeconds(10);
    assertThat(fail("1.1.1.1", bob)).isZero();
    assertThat(fail("1.1.1.1", bob)).isZero();
    assertThat(failed.blockedFor("1.1.1.1", List.of(bob))).isEqualTo(50_000); // the first leaves at 60 s
    assertThat(fail("1.1.1.1", bob)).as("refused: nothing recorded").isEqualTo(50_000);
    assertThat(failed.blockedFor("2.2.2.2", List.of(bob))).isZero();
    clock.advanceSeconds(50);
    assertThat(failed.blockedFor("1.1.1.1", List.of(bob))).isZero();
    assertThat(failed.blockedFor("1.1.1.1", List.of())).as("the address alone is below its 5").isZero();
  }

  @Test
  void addressRefusedAcrossIdentities_andAnIdentityOnlyForAddressesThatFailedAgainstIt() {
    for (int i = 0; i < 5; i++) {
      fail("3.3.3.3", Subject.user("u" + i + "@x"));
    }
    assertThat(failed.blockedFor("3.3.3.3", List.of())).isPositive();
    String carol = Subject.account("carol");
    fail("4.4.4.4", carol);
    fail("4.4.4.4", carol);
    fail("5.5.5.5", carol);
    fail("5.5.5.5", carol); // 4 across addresses: carol's limit
    assertThat(failed.blockedFor("4.4.4.4", List.of(carol))).isPositive();
    assertThat(failed.blockedFor("5.5.5.5", List.of(carol))).isPositive();
    assertThat(failed.blockedFor("6.6.6.6", List.of(carol))).as("the owner elsewhere").isZero();
    assertThat(failed.active()).extracting(FailedLogins.Throttle::kind).contains("ip", "account");
    failed.sweep();
    clock.advanceSeconds(601);
    failed.sweep();
    assertThat(failed.size()).isZero();
  }

  @Test
  void gcra_burstOfTheLimit_thenOnePerInterval_resetAfterTheWindow() {
    for (int i = 4; i >= 0; i--) {
      var d = rate.decide("k", 5, 10_000, 1);
      assertThat(d.allowed()).isTrue();
      assertThat(d.remaining()).isEqualTo(i);
    }
    var refused = rate.decide("k", 5, 10_000, 1);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfterMillis()).isEqualTo(2_000);
    assertThat(refused.resetMillis()).isEqualTo(10_000);
    clock.advanceSeconds(2);
    assertThat(rate.decide("k", 5, 10_000, 1).allowed()).isTrue();
    assertThat(rate.decide("k", 5, 10_000, 1).allowed()).isFalse();
    clock.advanceSeconds(10);
    assertThat(rate.decide("k", 5, 10_000, 1).remaining()).isEqualTo(4);
    rate.sweep();
    assertThat(rate.size()).isEqualTo(1);
    clock.advanceSeconds(10);
    rate.sweep();
    assertThat(rate.size()).isZero();
  }

  @Test
  void gcra_twoThreadsNeverGetMoreThanTheLimitTogether() throws Exception {
    var allowed = new ConcurrentLinkedQueue<Boolean>();
    var go = new CountDownLatch(1);
    Thread[] threads = new Thread[2];
    for (int t = 0; t < 2; t++) {
      threads[t] = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 50_000; i++) {
          if (rate.decide("shared", 10_000, 3_600_000, 1).allowed()) {
            allowed.add(true);
          }
        }
      });
      threads[t].start();
    }
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(allowed).hasSize(10_000);
  }

  @Test
  void fallbackDividesTheLimitByTheExpectedNodes() {
    var share = new LocalRateLimiter(clock, 2);
    int passed = 0;
    for (int i = 0; i < 10; i++) {
      passed += share.decide("k", 6, 60_000, 1).allowed() ? 1 : 0;
    }
    assertThat(passed).isEqualTo(3);
  }
}
