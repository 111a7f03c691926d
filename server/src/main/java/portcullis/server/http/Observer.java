package portcullis.server.http;

import portcullis.server.portal.UsageCounters;

/**
 * What happens once a response's last byte is written: the request counted ({@code
 * portcullis_requests_total}, {@code http_server_request_duration_seconds}, the upstream's duration,
 * {@code portcullis_auth_attempts_total}), its client's usage recorded (the portal's chart) and its
 * access log line queued. Costs a few array reads and increments, and with the access log one line built.
 */
final class Observer implements AutoCloseable {
  private final Metrics metrics;
  private final AccessLog access; // null: off
  private final portcullis.server.audit.AuditTrail audit;
  private volatile UsageCounters usage = UsageCounters.NONE;

  Observer(Metrics metrics, portcullis.server.audit.AuditTrail audit, AccessLog access) {
    this.metrics = metrics;
    this.audit = audit;
    this.access = access;
    if (access != null) {
      io.micrometer.core.instrument.FunctionCounter.builder("portcullis.access.log.dropped", access, AccessLog::dropped)
          .description("Access log lines dropped because the log's disk or pipe fell behind").register(metrics.registry());
    }
  }

  /** Where each routed request's final status is counted for its client. */
  void countUsage(UsageCounters counters) {
    this.usage = counters;
  }

  void ended(Exchange x) {
    int status = x.req.response().getStatusCode();
    long nanos = System.nanoTime() - x.start;
    metrics.route(x.route).answered(status, nanos, x.upstreamNanos);
    if (x.reason != null) {
      metrics.route(x.authRoute).attempt(x.scheme, x.reason);
      if (x.throttledBy != null) {
        audit.throttle(x.throttledBy, x.authRoute, x.clientAddress(), null, null, x.reference);
      }
    }
    if (x.counted != null) {
      usage.record(x.counted, status);
    }
    if (x.trace != null) {
      Tracing.end(x, x.routePath, status);
    }
    if (access != null) {
      access.write(x, nanos, x.traceId());
    }
  }

  @Override
  public void close() {
    if (access != null) {
      access.close();
    }
  }
}
