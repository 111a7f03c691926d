package portcullis.server.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.server.portal.MemoryUsageCounters;
import portcullis.server.portal.UsageCounters;

/**
 * The usage counters every node of a cluster shares, in Redis: requests are counted in memory and
 * flushed once a second (so a request costs no Redis command), per client and hour into a hash
 * {@code <ns>h:<key>:<epoch hour>} of outcome → count (HINCRBY, expiring after 25 hours), and the
 * last request's time into {@code <ns>last:<key>} (kept 30 days). A flush that fails (Redis down)
 * keeps its counts for the next one. Reads cost one pipelined round trip.
 */
public final class RedisUsageCounters implements UsageCounters, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisUsageCounters.class);
  private static final long HOUR_MS = 3_600_000L;
  private static final long MAX_PENDING = 100_000;
  private final RedisConnection redis;
  private final InstantSource clock;
  private final String ns;
  private final Vertx vertx;
  private final long timer;
  /** client key + "\n" + epoch hour -> counts by outcome, not yet in Redis. */
  private final ConcurrentHashMap<String, AtomicLongArray> pending = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> lastSeen = new ConcurrentHashMap<>();
  private volatile long lastWarning;

  public RedisUsageCounters(Vertx vertx, RedisConnection redis, InstantSource clock, String namespace) {
    this.vertx = vertx;
    this.redis = redis;
    this.clock = clock;
    this.ns = namespace;
    this.timer = vertx.setPeriodic(1000, id -> flush());
  }

  /** Under {@code portcullis:usage:}. */
  public RedisUsageCounters(Vertx vertx, RedisConnection redis, InstantSource clock) {
    this(vertx, redis, clock, "portcullis:usage:");
  }

  @Override
  public void record(String clientKey, int status) {
    long now = clock.millis();
    String slot = clientKey + "\n" + now / HOUR_MS;
    AtomicLongArray counts = pending.get(slot);
    if (counts == null) {
      if (pending.size() >= MAX_PENDING) {
        return; // Redis has been away for long: do not grow without bound
      }
      counts = pending.computeIfAbsent(slot, k -> new AtomicLongArray(OUTCOMES.size()));
    }
    counts.incrementAndGet(UsageCounters.outcome(status));
    lastSeen.merge(clientKey, now, Math::max);
  }

  /** Sends what was counted since the last flush; what fails to go stays for the next one. */
  public Future<Void> flush() {
    List<Future<?>> sent = new ArrayList<>();
    for (String slot : List.copyOf(pending.keySet())) {
      AtomicLongArray counts = pending.remove(slot);
      if (counts == null) {
        continue;
      }
      int nl = slot.indexOf('\n');
      String key = ns + "h:" + slot.substring(0, nl) + ":" + slot.substring(nl + 1);
      long[] taken = new long[counts.length()];
      for (int o = 0; o < taken.length; o++) {
        taken[o] = counts.getAndSet(o, 0);
        if (taken[o] > 0) {
          int outcome = o;
          sent.add(redis.send(Request.cmd(Command.HINCRBY).arg(key).arg(OUTCOMES.get(o)).arg(taken[o]))
              .onFailure(e -> putBack(slot, outcome, taken[outcome])));
        }
      }
      sent.add(redis.send(Request.cmd(Command.PEXPIRE).arg(key).arg(25 * HOUR_MS)));
    }
    for (String client : List.copyOf(lastSeen.keySet())) {
      Long t = lastSeen.remove(client);
      if (t != null) {
        sent.add(redis.send(Request.cmd(Command.SET).arg(ns + "last:" + client).arg(t).arg("PX").arg(30 * 24 * HOUR_MS))
            .onFailure(e -> lastSeen.merge(client, t, Math::max)));
      }
    }
    return Future.join(sent).<Void>mapEmpty().onFailure(e -> {
      long now = System.nanoTime();
      if (now - lastWarning > 60_000_000_000L) {
        lastWarning = now;
        LOG.warn("usage counters: flush to redis failed ({}); the counts are kept for the next try", e.getMessage());
      }
    });
  }

  private void putBack(String slot, int outcome, long n) {
    pending.computeIfAbsent(slot, k -> new AtomicLongArray(OUTCOMES.size())).addAndGet(outcome, n);
  }

  @Override
  public Future<Usage> last24Hours(String clientKey) {
    Usage u = MemoryUsageCounters.emptyUsage(clock.instant());
    List<Future<Response>> hours = new ArrayList<>();
    for (Instant start : u.hourStarts()) {
      hours.add(redis.send(Request.cmd(Command.HGETALL).arg(ns + "h:" + clientKey + ":" + start.toEpochMilli() / HOUR_MS)));
    }
    return Future.all(hours).map(all -> {
      for (int i = 0; i < hours.size(); i++) {
        Response r = hours.get(i).result();
        if (r == null) {
          continue;
        }
        for (String field : r.getKeys()) {
          int o = OUTCOMES.indexOf(field);
          if (o >= 0) {
            u.counts()[i][o] = r.get(field).toLong();
          }
        }
      }
      return u;
    });
  }

  @Override
  public Future<Map<String, Instant>> lastUsed(List<String> clientKeys) {
    if (clientKeys.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Request mget = Request.cmd(Command.MGET);
    clientKeys.forEach(k -> mget.arg(ns + "last:" + k));
    return redis.send(mget).map(r -> {
      Map<String, Instant> out = new HashMap<>();
      for (int i = 0; i < clientKeys.size(); i++) {
        Response v = r.get(i);
        Long local = lastSeen.get(clientKeys.get(i));
        long t = Math.max(v == null ? 0 : v.toLong(), local == null ? 0 : local);
        if (t > 0) {
          out.put(clientKeys.get(i), Instant.ofEpochMilli(t));
        }
      }
      return out;
    });
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
  }
}
