package portcullis.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Prometheus metrics at {@code GET /metrics}: requests by route and status, and authentications that
 * needed the worker pool (cache misses, Argon2). Counters are looked up once per (route, status) and
 * kept, so the hot path costs a map read and an increment. Thread-safe.
 */
public final class Metrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ConcurrentHashMap<String, Counter> requests = new ConcurrentHashMap<>();
  private final Counter slowPath = Counter.builder("portcullis.auth.slow.path")
      .description("Authentications re-run on the worker pool after a cache miss").register(registry);

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
