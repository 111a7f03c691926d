package portcullis.server.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import portcullis.core.text.Json;
import portcullis.server.config.ConfigException;

/**
 * The access log ({@code logging.access}): one JSON line per answered request, written by a {@link
 * LineWriter} off the event loop. Fields: {@code time} (ISO-8601, UTC, when the response ended), {@code
 * request_id} (the {@code X-Request-Id} and error {@code reference}), {@code trace_id}, {@code route},
 * {@code method}, {@code path} (never the query: it can carry a client key's secret, a signature or a
 * token), {@code status}, {@code scheme}, {@code account_id}, {@code client_key}, {@code reason}, {@code
 * duration_ms}, {@code upstream_ms}, {@code bytes} (body bytes sent), {@code client_ip}, {@code
 * protocol}. No header, credential, token, password or signature is ever written.
 */
final class AccessLog implements AutoCloseable {
  /** Paths longer than this are cut (a path is what the client sent; the limit keeps lines short). */
  static final int MAX_PATH = 512;
  private final LineWriter writer;
  private final TrustedProxies proxies;

  private AccessLog(LineWriter writer, TrustedProxies proxies) {
    this.writer = writer;
    this.proxies = proxies;
  }

  /** The access log on stdout, or appended to {@code file}; null when neither (off). */
  static AccessLog open(boolean stdout, Path file, TrustedProxies proxies) {
    if (stdout) {
      return new AccessLog(new LineWriter("access-log", new FileOutputStream(java.io.FileDescriptor.out), false, 1 << 16,
          LineWriter.PIPE_CHUNK), proxies);
    }
    if (file == null) {
      return null;
    }
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      return new AccessLog(new LineWriter("access-log", out, true, 1 << 16, LineWriter.FILE_CHUNK), proxies);
    } catch (IOException e) {
      throw new ConfigException("logging.access: cannot open " + file + " for appending: " + e.getMessage(), e);
    }
  }

  /** Lines dropped because the log's writer fell behind. */
  long dropped() {
    return writer.dropped();
  }

  void write(Exchange x, long nanos, String traceId) {
    HttpServerRequest req = x.req;
    HttpServerResponse resp = req.response();
    StringBuilder b = new StringBuilder(320);
    b.append("{\"time\":\"");
    Times.iso(b, System.currentTimeMillis()).append("\",\"request_id\":\"").append(x.reference).append('"');
    if (traceId != null) {
      b.append(",\"trace_id\":\"").append(traceId).append('"');
    }
    b.append(",\"route\":");
    Json.quote(b, x.route);
    b.append(",\"method\":");
    Json.quote(b, req.method().name());
    String path = req.path() == null ? "" : req.path();
    b.append(",\"path\":");
    Json.quote(b, path.length() > MAX_PATH ? path.substring(0, MAX_PATH) + "..." : path);
    b.append(",\"status\":").append(resp.getStatusCode());
    if (x.reason != null) {
      b.append(",\"scheme\":");
      Json.quote(b, x.scheme);
      if (x.identity != null) {
        b.append(",\"account_id\":");
        Json.quote(b, x.identity.accountId());
        if (x.identity.clientKey() != null) {
          b.append(",\"client_key\":");
          Json.quote(b, x.identity.clientKey());
        }
      }
      b.append(",\"reason\":\"").append(x.reason.wire()).append('"');
    }
    b.append(",\"duration_ms\":");
    millis(b, nanos);
    if (x.upstreamNanos >= 0) {
      b.append(",\"upstream_ms\":");
      millis(b, x.upstreamNanos);
    }
    b.append(",\"bytes\":").append(resp.bytesWritten());
    String ip = proxies.clientAddress(req);
    b.append(",\"client_ip\":");
    Json.quote(b, ip == null ? "" : ip);
    b.append(",\"protocol\":\"").append(protocol(req)).append("\"}");
    writer.write(b.toString());
  }

  private static String protocol(HttpServerRequest req) {
    return switch (req.version()) {
      case HTTP_1_0 -> "HTTP/1.0";
      case HTTP_1_1 -> "HTTP/1.1";
      case HTTP_2 -> "HTTP/2";
    };
  }

  /** ISO-8601 UTC timestamps with milliseconds, the date and time part formatted once a second per thread. */
  static final class Times {
    private static final java.time.format.DateTimeFormatter FORMAT =
        java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.", java.util.Locale.ROOT);
    private static final ThreadLocal<long[]> SECOND = ThreadLocal.withInitial(() -> new long[] {Long.MIN_VALUE});
    private static final ThreadLocal<String[]> PREFIX = ThreadLocal.withInitial(() -> new String[1]);

    static StringBuilder iso(StringBuilder b, long millis) {
      long second = Math.floorDiv(millis, 1000);
      long[] cached = SECOND.get();
      String[] prefix = PREFIX.get();
      if (cached[0] != second) {
        cached[0] = second;
        prefix[0] = FORMAT.format(java.time.LocalDateTime.ofEpochSecond(second, 0, java.time.ZoneOffset.UTC));
      }
      int ms = (int) Math.floorMod(millis, 1000);
      b.append(prefix[0]);
      if (ms < 100) {
        b.append(ms < 10 ? "00" : "0");
      }
      return b.append(ms).append('Z');
    }
  }

  /** Milliseconds with three decimals (microseconds), without a double's formatting cost. */
  private static void millis(StringBuilder b, long nanos) {
    long micros = Math.max(0, nanos / 1000);
    b.append(micros / 1000).append('.');
    long frac = micros % 1000;
    if (frac < 100) {
      b.append(frac < 10 ? "00" : "0");
    }
    b.append(frac);
  }

  @Override
  public void close() {
    writer.close();
  }
}
