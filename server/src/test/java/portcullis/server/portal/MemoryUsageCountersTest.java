package portcullis.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The in-memory usage counters: counts by hour and outcome over the last 24 hours, slots reused a day later. */
class MemoryUsageCountersTest {
  final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T10:15:00Z"));
  final InstantSource clock = () -> now.get();
  final MemoryUsageCounters counters = new MemoryUsageCounters(clock, 1000);

  long[] last(String key) throws Exception {
    UsageCounters.Usage u = counters.last24Hours(key).toCompletionStage().toCompletableFuture().get();
    return u.counts()[u.counts().length - 1];
  }

  @Test
  void countsByOutcome_inTheCurrentHour_olderHoursKept_aDayLaterTheSlotStartsAgain() throws Exception {
    counters.record("k", 200);
    counters.record("k", 204);
    counters.record("k", 401);
    counters.record("k", 403);
    counters.record("k", 429);
    counters.record("k", 500);
    assertThat(last("k")).containsExactly(2, 1, 1, 1, 1);
    now.set(now.get().plus(Duration.ofHours(1)));
    counters.record("k", 200);
    UsageCounters.Usage u = counters.last24Hours("k").toCompletionStage().toCompletableFuture().get();
    assertThat(u.counts()[23]).containsExactly(1, 0, 0, 0, 0);
    assertThat(u.counts()[22]).containsExactly(2, 1, 1, 1, 1);
    now.set(now.get().plus(Duration.ofHours(23))); // the first hour's slot again, a day later
    counters.record("k", 401);
    u = counters.last24Hours("k").toCompletionStage().toCompletableFuture().get();
    assertThat(u.counts()[23]).containsExactly(0, 1, 0, 0, 0);
    assertThat(u.counts()[0]).containsExactly(1, 0, 0, 0, 0);
    assertThat(last("unknown")).containsExactly(0, 0, 0, 0, 0);
    assertThat(counters.lastUsed(List.of("k", "unknown")).toCompletionStage().toCompletableFuture().get()).containsOnlyKeys("k");
  }
}
