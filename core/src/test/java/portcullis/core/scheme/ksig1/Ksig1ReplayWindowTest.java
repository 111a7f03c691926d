package portcullis.core.scheme.ksig1;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import portcullis.core.Outcome;
import portcullis.core.RequestView;
import portcullis.core.RoutePolicy;
import portcullis.core.Scheme;
import portcullis.core.testing.Claims;
import portcullis.core.dialect.Ksig1Dialect;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.ClientStatus;
import portcullis.core.testing.ClockedReplayGuard;
import portcullis.core.testing.EdgeInstants;
import portcullis.core.testing.MemoryDirectory;
import portcullis.core.testing.MovableClock;
import portcullis.core.testing.ReplayWindowProperty;
import portcullis.core.testing.ReplayWindowProperty.Use;

/**
 * Property: a KSig1 nonce is remembered for as long as its timestamp can pass the window. For
 * timestamps at and around both edges of the window, first used at clock readings on and inside
 * a second, a replay is tried at later instants around the end of the timestamp's window: whenever
 * the same scheme without a replay guard would accept the request, the nonce's entry is live and
 * the replay is refused.
 */
class Ksig1ReplayWindowTest {
  static final Instant BASE = Instant.parse("2026-11-22T10:00:00Z");

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 5, 300})
  void nonce_keptUntilItsTimestampLeavesTheWindow(long windowSeconds) {
    Duration window = Duration.ofSeconds(windowSeconds);
    MovableClock clock = new MovableClock(BASE);
    ClockedReplayGuard guard = new ClockedReplayGuard(clock);
    Scheme scheme = Claims.committing(new Ksig1Scheme((t, d) -> Optional.empty(), clock, window), guard);
    Ksig1Scheme probe = new Ksig1Scheme((t, d) -> Optional.empty(), clock, window);
    MemoryDirectory dir = new MemoryDirectory();
    dir.client("ck_1", Ksig1SchemeTest.SECRET, dir.account("acc-1", "o@example.com", "pw", AccountStatus.ACTIVE),
        Set.of("read"), ClientStatus.ACTIVE);
    int[] n = {0};
    var result = new ReplayWindowProperty<RequestView, Outcome>(clock, guard, r -> scheme.authenticate(r, route(scheme), dir),
        o -> o instanceof Outcome.Authenticated, r -> probe.authenticate(r, route(probe), dir) instanceof Outcome.Authenticated)
        .replayRefused(again -> {
          assertThat(again).isInstanceOf(Outcome.Rejected.class);
          assertThat(((Outcome.Rejected) again).failure().message()).contains("already been used");
        })
        .run(new EdgeInstants(windowSeconds), window, "window " + windowSeconds + "s", (start, offset) -> {
          long ts = Math.floorDiv(start.toEpochMilli() + offset, 1000); // X-API-Timestamp is in whole seconds
          Ksig1SchemeTest.Req r = new Ksig1SchemeTest.Req();
          r.headers.put("X-API-Timestamp", Long.toString(ts));
          r.headers.put("X-API-Nonce", "edge-" + n[0]++);
          return new Use<>(r.signed(), Instant.ofEpochSecond(ts).plus(window), "timestamp " + ts);
        });
    assertThat(result.firstUses()).as("timestamps inside the window").isGreaterThan(50);
    assertThat(result.replays()).as("replays tried while the timestamp still passes").isGreaterThan(200);
  }

  static RoutePolicy route(Scheme s) {
    return new RoutePolicy("r", List.of(s), RoutePolicy.ClientKeyMode.REQUIRED, Set.of(), Ksig1Dialect.INSTANCE, "x", Map.of());
  }
}
