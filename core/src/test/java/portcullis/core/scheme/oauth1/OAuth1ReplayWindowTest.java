package portcullis.core.scheme.oauth1;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import portcullis.core.Result;
import portcullis.core.testing.ClockedReplayGuard;
import portcullis.core.testing.EdgeInstants;
import portcullis.core.testing.MovableClock;
import portcullis.core.testing.ReplayWindowProperty;
import portcullis.core.testing.ReplayWindowProperty.Use;

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
    int[] n = {0};
    var result = new ReplayWindowProperty<String, Result<OAuth1Verifier.Verified>>(clock, guard,
        auth -> fx.call(verifier, auth, OAuth1Verifier.Expect.ACCESS_TOKEN, guard), Result::isOk,
        auth -> fx.call(probe, auth, OAuth1Verifier.Expect.ACCESS_TOKEN, null).isOk())
        .replayRefused(again -> assertThat(OAuth1VerifierTest.problem(again)).isEqualTo("nonce_used"))
        .run(new EdgeInstants(windowSeconds + 7), window, "window " + windowSeconds + "s", (start, offset) -> {
          long ts = Math.floorDiv(start.toEpochMilli() + offset, 1000);
          String auth = OAuth1VerifierTest.header("GET", "/v2/whoami?x=1%202", "HMAC-SHA1", "at", "ts", ts, "edge-" + n[0]++, "cs");
          return new Use<>(auth, Instant.ofEpochSecond(ts).plus(window), "timestamp " + ts);
        });
    assertThat(result.firstUses()).as("timestamps inside the window").isGreaterThan(30);
    assertThat(result.replays()).as("replays tried while the timestamp still passes").isGreaterThan(100);
  }
}
