package portcullis.server.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code limits.maxConnections} and {@code limits.maxConnectionsPerIp}: a connection over either is
 * closed as soon as it is accepted, so idle sockets cannot exhaust the file descriptors. Trusted
 * proxies count towards the total only. A new connection that sends no request within {@code
 * limits.firstRequestTimeoutSeconds} is closed (the idle timeout between requests is longer).
 * Thread-safe: one instance serves every event loop's server.
 */
final class ConnectionLimits implements Handler<HttpConnection> {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimits.class);
  private final Vertx vertx;
  private final int max;
  private final int maxPerIp;
  private final long firstRequestMillis;
  private final TrustedProxies proxies;
  private final AtomicInteger open = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> perIp = new ConcurrentHashMap<>();
  /** Connections that have not sent a request yet, with their timer. */
  private final ConcurrentHashMap<HttpConnection, Long> silent = new ConcurrentHashMap<>();
  private volatile long lastWarning;

  ConnectionLimits(Vertx vertx, int max, int maxPerIp, long firstRequestMillis, TrustedProxies proxies) {
    this.vertx = vertx;
    this.max = max;
    this.maxPerIp = maxPerIp;
    this.firstRequestMillis = firstRequestMillis;
    this.proxies = proxies;
  }

  /** Open client connections right now. */
  int open() {
    return open.get();
  }

  @Override
  public void handle(HttpConnection conn) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      refuse(conn, "limits.maxConnections (" + max + ") reached");
      return;
    }
    String ip = conn.remoteAddress() == null || conn.remoteAddress().hostAddress() == null ? "" : conn.remoteAddress().hostAddress();
    boolean counted = !proxies.trusts(conn.remoteAddress());
    if (counted && perIp.merge(ip, 1, Integer::sum) > maxPerIp) {
      release(ip);
      open.decrementAndGet();
      refuse(conn, "limits.maxConnectionsPerIp (" + maxPerIp + ") reached for " + ip);
      return;
    }
    long timer = vertx.setTimer(firstRequestMillis, id -> {
      if (silent.remove(conn) != null) {
        LOG.debug("closing a connection from {}: no request within {} ms", ip, firstRequestMillis);
        conn.close();
      }
    });
    silent.put(conn, timer);
    conn.closeHandler(v -> {
      Long t = silent.remove(conn);
      if (t != null) {
        vertx.cancelTimer(t);
      }
      open.decrementAndGet();
      if (counted) {
        release(ip);
      }
    });
  }

  /** Called for every request: the first one on a connection stops its first-request timer. */
  void requestOn(HttpConnection conn) {
    if (!silent.isEmpty()) {
      Long t = silent.remove(conn);
      if (t != null) {
        vertx.cancelTimer(t);
      }
    }
  }

  private void release(String ip) {
    perIp.computeIfPresent(ip, (k, n) -> n <= 1 ? null : n - 1);
  }

  private void refuse(HttpConnection conn, String why) {
    long now = System.nanoTime();
    if (now - lastWarning > 10_000_000_000L) {
      lastWarning = now;
      LOG.warn("refusing connections: {}", why);
    }
    conn.close();
  }
}
