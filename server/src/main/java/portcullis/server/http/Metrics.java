package portcullis.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import portcullis.core.replay.ReplayStore;

/**
 * Prometheus metrics at {@code GET /metrics}: requests by route and status, and authentications that
 * needed the worker pool (cache misses, Argon2), the replay store's round trips ({@code
 * portcullis_replay_store_seconds}: each claim from sent to answered, failures included) and, with
 * Redis, whether it is reachable ({@code portcullis_redis_up}, 1 or 0); without Redis, the in-memory
 * replay store's fill level ({@code portcullis_replay_store_entries} / {@code _capacity}). Counters are looked up once per (route, status) and
 * kept, so the hot path costs a map read and an increment. Thread-safe.
 */
public final class Metrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentHashMap<String, Counter> requests = new ConcurrentHashMap<>();
  private final Counter slowPath = Counter.builder("portcullis.auth.slow.path")
      .description("Authentications re-run on the worker pool after a cache miss").register(registry);

  private final Timer replayStore = Timer.builder("portcullis.replay.store")
      .description("Replay-store claims, from sent to answered (one Redis round trip each with Redis)").register(registry);

  /** {@code store} with every claim's latency recorded in {@code portcullis_replay_store_seconds}. */
  ReplayStore timed(ReplayStore store) {
    return claim -> {
      long start = System.nanoTime();
      CompletionStage<Boolean> answer = store.claim(claim);
      answer.whenComplete((held, e) -> replayStore.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
      return answer;
    };
  }

  /**
   * Registers the in-memory replay store's fill level: {@code portcullis_replay_store_entries} and
   * {@code portcullis_replay_store_capacity}, each with {@code kind="first_use"} (nonces, hashed
   * key-token secrets) and {@code kind="count"} (Digest nonce counts).
   */
  void replayStoreFill(portcullis.server.MemoryReplayStore store) {
    Gauge.builder("portcullis.replay.store.entries", store, s -> s.entries()).tag("kind", "first_use")
        .description("Single-use values held by the in-memory replay store").register(registry);
    Gauge.builder("portcullis.replay.store.capacity", store, s -> s.capacity()).tag("kind", "first_use")
        .description("Single-use values the in-memory replay store always accepts; beyond it new ones are refused").register(registry);
    Gauge.builder("portcullis.replay.store.entries", store, s -> s.countEntries()).tag("kind", "count")
        .description("Single-use values held by the in-memory replay store").register(registry);
    Gauge.builder("portcullis.replay.store.capacity", store, s -> s.countCapacity()).tag("kind", "count")
        .description("Single-use values the in-memory replay store always accepts; beyond it new ones are refused").register(registry);
  }

  /** Registers {@code portcullis_store_up}: 1 while the last store ping (every second) answered, else 0. */
  void storeUp(BooleanSupplier up) {
    Gauge.builder("portcullis.store.up", () -> up.getAsBoolean() ? 1 : 0)
        .description("Whether the store answered its last ping (1) or not (0)").register(registry);
  }

  /** Registers {@code portcullis_redis_up}: 1 while {@code up} says so, else 0. */
  void redisUp(BooleanSupplier up) {
    Gauge.builder("portcullis.redis.up", () -> up.getAsBoolean() ? 1 : 0)
        .description("Whether the Redis command connection is up (1) or not (0)").register(registry);
  }

  /** Counts one answered request; {@code route} is the route name, or the gateway's own area. */
  void request(String route, int status) {
    String key = route + ' ' + status;
    Counter c = requests.get(key);
    if (c == null) {
      c = requests.computeIfAbsent(key, k -> Counter.builder("portcullis.requests")
          .description("Requests answered, by route and HTTP status").tag("route", route)
          .tag("status", Integer.toString(status)).register(registry));
    }
    c.increment();
  }

  void slowPath() {
    slowPath.increment();
  }

  /** The registry, for meters kept elsewhere (the invalidations'). */
  public io.micrometer.core.instrument.MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition. */
  String scrape() {
    return registry.scrape();
  }
}
