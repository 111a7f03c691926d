package portcullis.server.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reader of request bodies: every body the gateway holds in memory (a signed request's, an
 * authenticated request's before it is forwarded, a token endpoint's form) is read here, under three
 * limits: the per-request {@code limit} (413), the bytes buffered across all connections at once
 * ({@code limits.maxBufferedBytes}: 503 with {@code Retry-After}), and the time the body may take to
 * arrive ({@code limits.bodyTimeoutSeconds}: 408). Bytes are counted from the moment they are
 * reserved until the request's response ends or its connection closes. Thread-safe.
 */
public final class Bodies {
  private static final Logger LOG = LoggerFactory.getLogger(Bodies.class);
  /** Why a body was not read. */
  public enum Refusal {
    TOO_LARGE(413, "Payload Too Large"),
    BUSY(503, "Service Unavailable"),
    TIMEOUT(408, "Request Timeout"),
    MALFORMED_LENGTH(400, "Bad Request"),
    /** The connection failed or closed: nothing can be answered. */
    GONE(0, "");

    public final int status;
    public final String reason;

    Refusal(int status, String reason) {
      this.status = status;
      this.reason = reason;
    }
  }

  private final Vertx vertx;
  private final long budget;
  private final AtomicLong buffered = new AtomicLong();
  private final long timeoutMillis;
  private volatile long lastWarning;

  public Bodies(Vertx vertx, long maxBufferedBytes, long timeoutMillis) {
    this.vertx = vertx;
    this.budget = maxBufferedBytes;
    this.timeoutMillis = timeoutMillis;
  }

  /** {@code limits.bodyTimeoutSeconds} in milliseconds: how long a body may take to arrive. */
  long timeoutMillis() {
    return timeoutMillis;
  }

  /** Bytes held right now across all connections. */
  public long buffered() {
    return buffered.get();
  }

  /** A vertx-web handler buffering at most {@code limit} bytes for {@link RawBody#of}. */
  public RawBody handler(long limit) {
    return new RawBody(this, limit);
  }

  /**
   * The declared Content-Length: -1 when there is none (chunked, HTTP/2 without one), -2 when it is
   * not a non-negative number.
   */
  static long declaredLength(HttpServerRequest req) {
    return declaredLength(req.getHeader("Content-Length"));
  }

  /** A Content-Length value read as {@link #declaredLength(HttpServerRequest)} reads it. */
  static long declaredLength(String length) {
    if (length == null) {
      return -1;
    }
    try {
      long n = Long.parseLong(length.trim());
      return n < 0 ? -2 : n;
    } catch (NumberFormatException e) {
      return -2;
    }
  }

  /**
   * Reads the whole body of {@code req} (paused or not; it is resumed here) and hands it to {@code
   * done}, or the reason it was not read to {@code refused}, exactly once, on the request's context.
   * Sends {@code 100 Continue} first when the client waits for it.
   */
  public void read(HttpServerRequest req, long limit, Consumer<Buffer> done, Consumer<Refusal> refused) {
    long declared = declaredLength(req);
    if (declared == -2 || declared > limit) {
      closeAfter(req);
      refused.accept(declared == -2 ? Refusal.MALFORMED_LENGTH : Refusal.TOO_LARGE);
      return;
    }
    if (req.isEnded()) {
      done.accept(Buffer.buffer(0));
      return;
    }
    Reading r = new Reading(req, limit, done, refused);
    if (declared > 0 && !r.reserve(declared)) {
      return;
    }
    r.start(declared);
  }

  /** How long a connection answered before its body was read may go on sending that body. */
  static final long LINGER_MILLIS = 2000;

  /**
   * For an answer given before the request's body is read: tells an HTTP/1.x client that the
   * connection closes, and closes it once the answer is written (a paused request would otherwise
   * hold the connection open), after {@linkplain #linger lingering}. HTTP/2 streams are left to flow
   * control.
   */
  public static void closeAfter(HttpServerRequest req) {
    if (req.version() != HttpVersion.HTTP_2) {
      HttpServerResponse resp = req.response();
      resp.putHeader("Connection", "close");
      if (!req.isEnded()) {
        resp.endHandler(v -> linger(req)); // replaces Reading's: it has released its bytes by now
      }
    }
  }

  /**
   * Reads and drops what the client is still sending of its body, for at most {@link
   * #LINGER_MILLIS}, then closes: closing with unread bytes makes TCP reset the connection, and a
   * client still writing its body would lose the answer it has not read yet (nginx's lingering close).
   * Nothing is kept.
   */
  private static void linger(HttpServerRequest req) {
    io.vertx.core.Context context = Vertx.currentContext();
    io.vertx.core.http.HttpConnection conn = req.connection();
    if (context == null || req.isEnded()) {
      conn.close();
      return;
    }
    long timer = context.owner().setTimer(LINGER_MILLIS, id -> conn.close());
    req.exceptionHandler(e -> conn.close());
    req.handler(dropped -> { });
    req.endHandler(v -> {
      context.owner().cancelTimer(timer);
      conn.close();
    });
    req.resume();
  }

  /** Sends {@code 100 Continue} to a client waiting for it, once the body is wanted. */
  static void continueIfAsked(HttpServerRequest req) {
    String expect = req.getHeader("Expect");
    if (expect != null && req.version() != HttpVersion.HTTP_1_0 && "100-continue".equalsIgnoreCase(expect.trim())) {
      req.response().writeContinue();
    }
  }

  private final class Reading {
    private final HttpServerRequest req;
    private final long limit;
    private final Consumer<Buffer> done;
    private final Consumer<Refusal> refused;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean released = new AtomicBoolean();
    private final AtomicLong reserved = new AtomicLong();
    private Buffer body;
    private long timer = -1;

    Reading(HttpServerRequest req, long limit, Consumer<Buffer> done, Consumer<Refusal> refused) {
      this.req = req;
      this.limit = limit;
      this.done = done;
      this.refused = refused;
      HttpServerResponse resp = req.response();
      resp.endHandler(v -> release());
      resp.closeHandler(v -> {
        release();
        fail(Refusal.GONE);
      });
    }

    /** Takes {@code n} more bytes from the budget; refuses the request (503) when it is spent. */
    boolean reserve(long n) {
      if (released.get()) {
        return false;
      }
      long now = buffered.addAndGet(n);
      reserved.addAndGet(n);
      if (now > budget) {
        long t = System.nanoTime();
        if (t - lastWarning > 10_000_000_000L) {
          lastWarning = t;
          LOG.warn("request bodies: limits.maxBufferedBytes ({} bytes) in use; refusing new bodies with 503 until some are done", budget);
        }
        fail(Refusal.BUSY);
        return false;
      }
      return true;
    }

    void start(long declared) {
      body = Buffer.buffer((int) Math.min(Math.max(declared, 256), 64 * 1024));
      timer = vertx.setTimer(timeoutMillis, id -> fail(Refusal.TIMEOUT));
      continueIfAsked(req);
      boolean chunked = declared < 0;
      req.handler(chunk -> {
        if (finished.get()) {
          return;
        }
        if (body.length() + chunk.length() > limit) {
          fail(Refusal.TOO_LARGE);
          return;
        }
        if (chunked && !reserve(chunk.length())) {
          return;
        }
        body.appendBuffer(chunk);
      });
      req.exceptionHandler(e -> {
        LOG.debug("{}: connection failed while reading the body: {}", req.path(), e.toString());
        fail(Refusal.GONE);
      });
      req.endHandler(v -> {
        if (finished.compareAndSet(false, true)) {
          vertx.cancelTimer(timer);
          done.accept(body);
        }
      });
      req.resume();
    }

    private void fail(Refusal why) {
      if (finished.compareAndSet(false, true)) {
        if (timer >= 0) {
          vertx.cancelTimer(timer);
        }
        release();
        body = null;
        req.handler(null);
        if (why != Refusal.GONE) {
          closeAfter(req);
        }
        refused.accept(why);
      }
    }

    private void release() {
      if (released.compareAndSet(false, true)) {
        buffered.addAndGet(-reserved.get());
      }
    }
  }
}
