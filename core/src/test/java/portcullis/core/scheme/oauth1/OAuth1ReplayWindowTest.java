package portcullis.core.scheme.oauth1;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import portcullis.core.replay.ReplayWindow;
import portcullis.core.testing.ClockedReplayGuard;
import portcullis.core.testing.EdgeInstants;
import portcullis.core.testing.MovableClock;

/**
 * Property: an OAuth 1.0a nonce is remembered for as long as its oauth_timestamp can pass the
 * window: whenever the verifier without a replay guard would still accept the same request at a
 * later instant, the nonce's entry is live and the request is refused with nonce_used.
 */
class OAuth1ReplayWindowTest {
  static final Instant BASE = Instant.parse("2026-11-22T10:00:00Z");

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 300})
  void nonce_keptUntilItsTimestampLeavesTheWindow(long windowSeconds) {
    Duration window = Duration.ofSeconds(windowSeconds);
    OAuth1VerifierTest fx = new OAuth1VerifierTest();
    MovableClock clock = new MovableClock(BASE);
    ClockedReplayGuard guard = new ClockedReplayGuard(clock);
    OAuth1Policy policy = new OAuth1Policy(window, false, null);
    OAuth1Verifier verifier = new OAuth1Verifier(fx.store, clock, policy);
    OAuth1Verifier probe = new OAuth1Verifier(fx.store, clock, policy);
    EdgeInstants edges = new EdgeInstants(windowSeconds + 7);
    int firstUses = 0;
    int replays = 0;
    int n = 0;
    for (Instant start : edges.starts(BASE, 6)) {
      for (long offset : edges.offsets(window, 6)) {
        clock.set(start);
        long ts = Math.floorDiv(start.toEpochMilli() + offset, 1000);
        String auth = OAuth1VerifierTest.header("GET", "/v2/whoami?x=1%202", "HMAC-SHA1", "at", "ts", ts, "edge-" + n++, "cs");
        if (!fx.call(verifier, auth, OAuth1Verifier.Expect.ACCESS_TOKEN, guard).isOk()) {
          assertThat(fx.call(probe, auth, OAuth1Verifier.Expect.ACCESS_TOKEN, null).isOk()).isFalse();
          continue; // outside the window at first use
        }
        firstUses++;
        ClockedReplayGuard.Recorded rec = guard.last();
        assertThat(rec.ttl()).isGreaterThanOrEqualTo(ReplayWindow.MARGIN).isLessThanOrEqualTo(window.multipliedBy(2).plusSeconds(3));
        for (Instant t : edges.later(start, Instant.ofEpochSecond(ts).plus(window), 8)) {
          clock.set(t);
          if (fx.call(probe, auth, OAuth1Verifier.Expect.ACCESS_TOKEN, null).isOk()) {
            replays++;
            assertThat(guard.isLive(rec.key()))
                .as("window %ss, first use at %s with timestamp %s, entry expires %s, replay at %s", windowSeconds, start, ts,
                    rec.expiresAt(), t)
                .isTrue();
            var again = fx.call(verifier, auth, OAuth1Verifier.Expect.ACCESS_TOKEN, guard);
            assertThat(again.isOk()).isFalse();
            assertThat(OAuth1VerifierTest.problem(again)).isEqualTo("nonce_used");
          }
        }
      }
    }
    assertThat(firstUses).as("timestamps inside the window").isGreaterThan(30);
    assertThat(replays).as("replays tried while the timestamp still passes").isGreaterThan(100);
  }
}
