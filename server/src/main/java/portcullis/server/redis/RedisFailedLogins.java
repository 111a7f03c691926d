package portcullis.server.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.Subject;
import portcullis.server.cluster.Invalidation;
import portcullis.server.cluster.Invalidations;
import portcullis.server.config.Settings;
import portcullis.server.limits.FailedLogins;
import portcullis.server.limits.LocalFailedLogins;

/**
 * The failed-credential throttle every node shares. A wrong secret is one Lua script ({@link #FAIL},
 * one round trip on Redis's clock): the failure goes into sorted sets per address, per (identity,
 * address) and per identity (each trimmed to its window, so none holds more than a limit's worth),
 * unless the pair is refused already; the script answers what the failure made refused (the
 * address; the pair; every address that failed against an identity that reached its own limit) and
 * the node announces each refusal on the invalidation channel ({@link Invalidation.Throttled}).
 * Every node keeps those refusals in memory, so the check of a right secret costs no round trip
 * (a refusal reaches the other nodes within the channel's lag, well under a second). When Redis does
 * not answer, failures are counted in this node's memory until it does ({@link LocalFailedLogins}).
 */
public final class RedisFailedLogins implements FailedLogins {
  private static final Logger LOG = LoggerFactory.getLogger(RedisFailedLogins.class);
  public static final String PREFIX = "portcullis:fl:";

  /**
   * KEYS: address, pair, identity, identity's addresses; ARGV: perIp, perPair, perIdentity, window
   * ms, identity window ms, ip, subject, a random member suffix. Returns {wait} when refused already
   * (nothing recorded), else {0, key1, until1, key2, until2, ...}: what is refused from now on.
   */
  static final String FAIL = """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local perIp, perPair, perSubj = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
      local w, w2 = tonumber(ARGV[4]), tonumber(ARGV[5])
      local ip, subject = ARGV[6], ARGV[7]
      local function trim(k, win)
        redis.call('ZREMRANGEBYSCORE', k, '-inf', now - win)
        return redis.call('ZCARD', k)
      end
      local function waitOf(k, limit, win)
        local n = trim(k, win)
        if n < limit then return 0 end
        local e = redis.call('ZRANGE', k, n - limit, n - limit, 'WITHSCORES')
        return tonumber(e[2]) + win - now
      end
      local function newest(k, win)
        local n = trim(k, win)
        if n == 0 then return 0 end
        local e = redis.call('ZRANGE', k, -1, -1, 'WITHSCORES')
        return tonumber(e[2]) + win - now
      end
      local before = math.max(waitOf(KEYS[1], perIp, w), waitOf(KEYS[2], perPair, w))
      local s = waitOf(KEYS[3], perSubj, w2)
      if s > 0 then
        local here = newest(KEYS[2], w)
        if here > 0 then before = math.max(before, math.min(s, here)) end
      end
      if before > 0 then return {before} end
      local m = string.format('%.0f', now) .. ':' .. ARGV[8]
      redis.call('ZADD', KEYS[1], now, m)
      redis.call('PEXPIRE', KEYS[1], w)
      redis.call('ZADD', KEYS[2], now, m)
      redis.call('PEXPIRE', KEYS[2], w)
      redis.call('ZADD', KEYS[3], now, m)
      redis.call('PEXPIRE', KEYS[3], w2)
      redis.call('ZADD', KEYS[4], now, ip)
      redis.call('PEXPIRE', KEYS[4], w)
      local out = {0}
      local ipWait = waitOf(KEYS[1], perIp, w)
      if ipWait > 0 then
        table.insert(out, 'i|' .. ip)
        table.insert(out, now + ipWait)
      end
      local pairWait = waitOf(KEYS[2], perPair, w)
      if pairWait > 0 then
        table.insert(out, 'x|' .. subject .. '|' .. ip)
        table.insert(out, now + pairWait)
      end
      s = waitOf(KEYS[3], perSubj, w2)
      if s > 0 then
        redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', now - w)
        local ips = redis.call('ZRANGE', KEYS[4], 0, -1, 'WITHSCORES')
        for i = 1, #ips, 2 do
          table.insert(out, 'x|' .. subject .. '|' .. ips[i])
          table.insert(out, math.min(now + s, tonumber(ips[i + 1]) + w))
        end
      end
      return out
      """;
  private static final RedisScripts SCRIPT = new RedisScripts(FAIL);

  private final RedisConnection redis;
  private final Settings.FailedLogins limits;
  private final InstantSource clock;
  private final Invalidations invalidations;
  private final LocalFailedLogins fallback;
  /** The refusals every node announced: {@code i|ip} or {@code x|subject|ip} -> until (epoch ms). */
  private final ConcurrentHashMap<String, Long> refused = new ConcurrentHashMap<>();
  private volatile long warnedAt;

  public RedisFailedLogins(RedisConnection redis, Settings.FailedLogins limits, InstantSource clock, Invalidations invalidations) {
    this.redis = redis;
    this.limits = limits;
    this.clock = clock;
    this.invalidations = invalidations;
    this.fallback = new LocalFailedLogins(limits, clock);
    invalidations.subscribe(e -> {
      switch (e) {
        case Invalidation.Throttled t -> refused.merge(t.key(), t.until().toEpochMilli(), Math::max);
        case Invalidation.ThrottleCleared c -> refused.remove(c.key());
        default -> { }
      }
    });
  }

  private long waitOf(String key, long now) {
    Long until = refused.get(key);
    return until == null || until <= now ? 0 : until - now;
  }

  @Override
  public long blockedFor(String ip, List<String> subjects) {
    long local = fallback.blockedFor(ip, subjects);
    if (refused.isEmpty()) {
      return local;
    }
    long now = clock.millis();
    long wait = Math.max(local, waitOf("i|" + ip, now));
    for (String s : subjects) {
      wait = Math.max(wait, waitOf("x|" + s + "|" + ip, now));
    }
    return wait;
  }

  @Override
  public CompletionStage<Long> failed(String ip, String subject) {
    long wait = blockedFor(ip, List.of(subject));
    if (wait > 0) {
      return CompletableFuture.completedFuture(wait);
    }
    if (!redis.isUp()) {
      return local(ip, subject, null);
    }
    List<String> keys = List.of(PREFIX + "i|" + ip, PREFIX + "p|" + subject + "|" + ip, PREFIX + "s|" + subject,
        PREFIX + "a|" + subject);
    List<String> args = List.of(Integer.toString(limits.perIp()), Integer.toString(limits.perIdentityAndIp()),
        Integer.toString(limits.perAccount()), Long.toString(limits.window().toMillis()), Long.toString(limits.accountWindow().toMillis()),
        ip, subject, Long.toHexString(ThreadLocalRandom.current().nextLong()));
    return SCRIPT.run(redis, keys, args).map(this::answer).recover(e -> Future.fromCompletionStage(local(ip, subject, e)))
        .toCompletionStage();
  }

  private long answer(Response r) {
    long first = r.get(0).toLong();
    if (first > 0) {
      return first; // refused on another node a moment ago; its announcement is on its way
    }
    for (int i = 1; i + 1 < r.size(); i += 2) {
      String key = r.get(i).toString();
      Instant until = Instant.ofEpochMilli(r.get(i + 1).toLong());
      refused.merge(key, until.toEpochMilli(), Math::max);
      invalidations.publish(new Invalidation.Throttled(key, until));
    }
    return 0;
  }

  private CompletionStage<Long> local(String ip, String subject, Throwable why) {
    long now = clock.millis();
    if (now - warnedAt > 60_000) {
      warnedAt = now;
      LOG.warn("failed-login throttle: Redis did not answer ({}); failures are counted on this node alone until it does",
          why == null ? "down" : why.getMessage());
    }
    return fallback.failed(ip, subject);
  }

  @Override
  public List<Throttle> active() {
    long now = clock.millis();
    List<Throttle> out = new ArrayList<>(fallback.active());
    refused.forEach((key, until) -> {
      if (until > now) {
        out.add(throttle(key, until));
      }
    });
    return out;
  }

  private Throttle throttle(String key, long until) {
    String id = LocalFailedLogins.id(key);
    if (key.startsWith("i|")) {
      return new Throttle(id, "ip", null, key.substring(2), "too many failed attempts from this address", until);
    }
    int last = key.lastIndexOf('|');
    return new Throttle(id, "identity_and_ip", Subject.describe(key.substring(2, last)), key.substring(last + 1),
        "too many failed attempts for this identity (from this address, or from many)", until);
  }

  @Override
  public CompletionStage<Boolean> clear(String id) {
    String key = LocalFailedLogins.key(id);
    if (key == null) {
      return CompletableFuture.completedFuture(false);
    }
    boolean local = fallback.clear(id).toCompletableFuture().join();
    boolean known = refused.containsKey(key) || local;
    Future<?> deleted;
    if (key.startsWith("i|")) {
      deleted = redis.send(Request.cmd(Command.DEL).arg(PREFIX + key));
    } else if (key.startsWith("x|")) {
      int last = key.lastIndexOf('|');
      String subject = key.substring(2, last);
      String ip = key.substring(last + 1);
      deleted = redis.send(Request.cmd(Command.DEL).arg(PREFIX + "p|" + subject + "|" + ip))
          .compose(v -> redis.send(Request.cmd(Command.ZREM).arg(PREFIX + "a|" + subject).arg(ip)));
    } else {
      deleted = Future.succeededFuture();
    }
    return deleted.map(v -> {
      refused.remove(key);
      invalidations.publish(new Invalidation.ThrottleCleared(key));
      return known;
    }).toCompletionStage();
  }

  /** Forgets expired refusals and what the fallback counted. */
  @Override
  public void sweep() {
    long now = clock.millis();
    refused.values().removeIf(until -> until <= now);
    fallback.sweep();
  }
}
