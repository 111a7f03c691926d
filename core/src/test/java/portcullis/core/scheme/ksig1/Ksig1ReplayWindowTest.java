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
import portcullis.core.RoutePolicy;
import portcullis.core.Scheme;
import portcullis.core.testing.Claims;
import portcullis.core.dialect.Ksig1Dialect;
import portcullis.core.replay.ReplayWindow;
import portcullis.core.store.AccountStatus;
import portcullis.core.store.ClientStatus;
import portcullis.core.testing.ClockedReplayGuard;
import portcullis.core.testing.EdgeInstants;
import portcullis.core.testing.MemoryDirectory;
import portcullis.core.testing.MovableClock;

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
    EdgeInstants edges = new EdgeInstants(windowSeconds);
    int firstUses = 0;
    int replays = 0;
    int n = 0;
    for (Instant start : edges.starts(BASE, 6)) {
      for (long offset : edges.offsets(window, 6)) {
        clock.set(start);
        long ts = Math.floorDiv(start.toEpochMilli() + offset, 1000); // X-API-Timestamp is in whole seconds
        Ksig1SchemeTest.Req r = new Ksig1SchemeTest.Req();
        r.headers.put("X-API-Timestamp", Long.toString(ts));
        r.headers.put("X-API-Nonce", "edge-" + n++);
        var request = r.signed();
        RoutePolicy route = route(scheme);
        if (!(scheme.authenticate(request, route, dir) instanceof Outcome.Authenticated)) {
          assertThat(probe.authenticate(request, route(probe), dir)).isInstanceOf(Outcome.Rejected.class);
          continue; // outside the window at first use
        }
        firstUses++;
        ClockedReplayGuard.Recorded rec = guard.last();
        assertThat(rec.ttl()).isGreaterThanOrEqualTo(ReplayWindow.MARGIN).isLessThanOrEqualTo(window.multipliedBy(2).plusSeconds(3));
        for (Instant t : edges.later(start, Instant.ofEpochSecond(ts).plus(window), 8)) {
          clock.set(t);
          if (probe.authenticate(request, route(probe), dir) instanceof Outcome.Authenticated) {
            replays++;
            assertThat(guard.isLive(rec.key()))
                .as("window %ss, first use at %s with timestamp %s, entry expires %s, replay at %s", windowSeconds, start, ts,
                    rec.expiresAt(), t)
                .isTrue();
            var again = scheme.authenticate(request, route, dir);
            assertThat(again).isInstanceOf(Outcome.Rejected.class);
            assertThat(((Outcome.Rejected) again).failure().message()).contains("already been used");
          }
        }
      }
    }
    assertThat(firstUses).as("timestamps inside the window").isGreaterThan(50);
    assertThat(replays).as("replays tried while the timestamp still passes").isGreaterThan(200);
  }

  static RoutePolicy route(Scheme s) {
    return new RoutePolicy("r", List.of(s), RoutePolicy.ClientKeyMode.REQUIRED, Set.of(), Ksig1Dialect.INSTANCE, "x", Map.of());
  }
}
