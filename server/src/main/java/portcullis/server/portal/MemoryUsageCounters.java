package portcullis.server.portal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * This node's counters: per client a ring of 24 hourly slots of five outcome counts, the clients
 * bounded in number (the least recently counted go first) and forgotten after a day of silence.
 * Thread-safe; {@link #record} takes one short lock per client.
 */
public final class MemoryUsageCounters implements UsageCounters {
  private static final int HOURS = 24;
  private final InstantSource clock;
  private final Cache<String, Ring> rings;

  public MemoryUsageCounters(InstantSource clock, long maximumClients) {
    this.clock = clock;
    this.rings = Caffeine.newBuilder().maximumSize(maximumClients).expireAfterAccess(Duration.ofHours(HOURS + 1))
        .executor(Runnable::run).build(); // read on every request: maintenance on the caller, no thread woken
  }

  /**
   * Per client: for each of the 24 hour slots used, {epoch hour, counts by outcome}, made on its
   * first request in that slot; and the last request. (Every slot made up front, as long arrays,
   * took 1.8 KB a client: 180 MiB of heap for 100,000 clients, bench/heap.sh.)
   */
  private static final class Ring {
    final int[][] slots = new int[HOURS][];
    long lastMillis;
  }

  @Override
  public void record(String clientKey, int status) {
    long now = clock.millis();
    long hour = now / 3_600_000L;
    Ring r = rings.get(clientKey, k -> new Ring());
    synchronized (r) {
      int slot = (int) (hour % HOURS);
      int[] c = r.slots[slot];
      if (c == null) {
        c = r.slots[slot] = new int[1 + OUTCOMES.size()];
        c[0] = (int) hour;
      } else if (c[0] != (int) hour) {
        java.util.Arrays.fill(c, 0);
        c[0] = (int) hour;
      }
      int o = 1 + UsageCounters.outcome(status);
      if (c[o] != Integer.MAX_VALUE) {
        c[o]++;
      }
      r.lastMillis = Math.max(r.lastMillis, now);
    }
  }

  /** 24 empty hours ending with the one {@code now} is in. */
  public static Usage emptyUsage(Instant now) {
    return empty(now);
  }

  static Usage empty(Instant now) {
    return new Usage(hourStarts(now), new long[HOURS][OUTCOMES.size()]);
  }

  static List<Instant> hourStarts(Instant now) {
    Instant current = now.truncatedTo(ChronoUnit.HOURS);
    List<Instant> out = new ArrayList<>(HOURS);
    for (int i = HOURS - 1; i >= 0; i--) {
      out.add(current.minus(Duration.ofHours(i)));
    }
    return out;
  }

  @Override
  public Future<Usage> last24Hours(String clientKey) {
    Instant now = clock.instant();
    Usage u = empty(now);
    Ring r = rings.getIfPresent(clientKey);
    if (r != null) {
      synchronized (r) {
        for (int i = 0; i < HOURS; i++) {
          long hour = u.hourStarts().get(i).toEpochMilli() / 3_600_000L;
          int slot = (int) (hour % HOURS);
          int[] c = r.slots[slot];
          if (c != null && c[0] == (int) hour) {
            for (int k = 0; k < OUTCOMES.size(); k++) {
              u.counts()[i][k] = c[1 + k];
            }
          }
        }
      }
    }
    return Future.succeededFuture(u);
  }

  @Override
  public Future<Map<String, Instant>> lastUsed(List<String> clientKeys) {
    Map<String, Instant> out = new HashMap<>();
    for (String k : clientKeys) {
      Ring r = rings.getIfPresent(k);
      if (r != null) {
        synchronized (r) {
          if (r.lastMillis > 0) {
            out.put(k, Instant.ofEpochMilli(r.lastMillis));
          }
        }
      }
    }
    return Future.succeededFuture(out);
  }
}
