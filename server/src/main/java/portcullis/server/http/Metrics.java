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
    route(route).answered(status, -1, -1);
  }

  /**
   * The buckets OpenTelemetry's semantic conventions advise for {@code http.server.request.duration}
   * and {@code http.client.request.duration}, in seconds.
   */
  static final java.time.Duration[] OTEL_BUCKETS = java.util.stream.DoubleStream.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1,
      0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10).mapToObj(s -> java.time.Duration.ofNanos((long) (s * 1e9)))
      .toArray(java.time.Duration[]::new);

  private final ConcurrentHashMap<String, RouteMeters> routes = new ConcurrentHashMap<>();

  /** The meters of {@code route} (a route name, or the gateway's own area: admin, forward-auth, pre-routing, ...). */
  RouteMeters route(String route) {
    RouteMeters m = routes.get(route);
    return m != null ? m : routes.computeIfAbsent(route, RouteMeters::new);
  }

  /**
   * One route's meters, each registered on first use and then kept in a plain array (a lost race
   * registers the same meter twice, which the registry answers with the one it has): {@code
   * portcullis_requests_total{route,status}}, {@code http_server_request_duration_seconds{route,status_class}},
   * {@code http_client_request_duration_seconds{route,status_class}} (the upstream, to its response
   * headers) and {@code portcullis_auth_attempts_total{route,scheme,result,reason}}.
   */
  final class RouteMeters {
    private final String route;
    private final Counter[] byStatus = new Counter[600];
    private final Timer[] duration = new Timer[6];
    private final Timer[] upstream = new Timer[6];
    private final ConcurrentHashMap<String, Counter[]> attempts = new ConcurrentHashMap<>();

    private RouteMeters(String route) {
      this.route = route;
    }

    /**
     * One response ended with {@code status}, {@code nanos} after its request arrived (negative:
     * not timed), {@code upstreamNanos} of it waiting for the upstream (negative: none).
     */
    void answered(int status, long nanos, long upstreamNanos) {
      int s = status >= 100 && status < 600 ? status : 599;
      Counter c = byStatus[s];
      if (c == null) {
        c = Counter.builder("portcullis.requests").description("Requests answered, by route and HTTP status").tag("route", route)
            .tag("status", Integer.toString(s)).register(registry);
        byStatus[s] = c;
      }
      c.increment();
      int k = s / 100;
      if (nanos >= 0) {
        timer(duration, k, "http.server.request.duration", "Requests from arrival to the response's last byte").record(nanos,
            TimeUnit.NANOSECONDS);
      }
      if (upstreamNanos >= 0) {
        timer(upstream, k, "http.client.request.duration", "Upstream requests, from sent to the response headers").record(
            upstreamNanos, TimeUnit.NANOSECONDS);
      }
    }

    private Timer timer(Timer[] timers, int statusClass, String name, String description) {
      Timer t = timers[statusClass];
      if (t == null) {
        t = Timer.builder(name).description(description).tag("route", route).tag("status_class", statusClass + "xx")
            .serviceLevelObjectives(OTEL_BUCKETS).register(registry);
        timers[statusClass] = t;
      }
      return t;
    }

    /** One authentication of {@code scheme} ended with {@code reason} ({@link portcullis.core.Reason#NONE}: authenticated). */
    void attempt(String scheme, portcullis.core.Reason reason) {
      Counter[] byReason = attempts.get(scheme);
      if (byReason == null) {
        byReason = attempts.computeIfAbsent(scheme, k -> new Counter[portcullis.core.Reason.values().length]);
      }
      Counter c = byReason[reason.ordinal()];
      if (c == null) {
        c = Counter.builder("portcullis.auth.attempts").description("Authentications, by route, scheme, result and reason")
            .tag("route", route).tag("scheme", scheme).tag("result", reason == portcullis.core.Reason.NONE ? "success" : "failure")
            .tag("reason", reason.wire()).register(registry);
        byReason[reason.ordinal()] = c;
      }
      c.increment();
    }
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
