package portcullis.server.http;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HTTP(S) upstream, reached over a pooled keep-alive client. A request body no scheme had to
 * read is streamed to it ({@link #stream}); the response is always streamed back.
 */
final class HttpUpstream implements Upstream {
  private static final Logger LOG = LoggerFactory.getLogger(HttpUpstream.class);
  private final Vertx vertx;
  private final java.util.List<HttpClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final ThreadLocal<HttpClient> perLoop = new ThreadLocal<>();
  private final HttpClient client;
  private final String host;
  private final int port;
  private final boolean ssl;
  private final String basePath;
  private final String authority;
  /** The leg below Vert.x's client for plain-HTTP upstreams and bodies in hand; null for HTTPS. */
  private final UpstreamChannels channels;

  /** How a failed upstream exchange is answered (502 before the head, a reset after) and logged. */
  interface FailureReport {
    void failed(Throwable err, HttpServerResponse response, String reference);
  }

  HttpUpstream(Vertx vertx, String url) {
    URI u = URI.create(url);
    this.ssl = "https".equals(u.getScheme());
    this.host = u.getHost();
    this.port = u.getPort() > 0 ? u.getPort() : (ssl ? 443 : 80);
    String p = u.getRawPath() == null ? "" : u.getRawPath();
    this.basePath = p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    this.authority = u.getPort() > 0 ? host + ":" + port : host;
    this.vertx = vertx;
    this.client = newClient();
    this.channels = ssl ? null : new UpstreamChannels(vertx, host, port, 60_000, this::failed);
  }

  private HttpClient newClient() {
    HttpClient c = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setSsl(ssl)
        .setConnectTimeout(5_000).setIdleTimeout(60), new PoolOptions().setHttp1MaxSize(128));
    clients.add(c);
    return c;
  }

  /**
   * The client for the calling event loop: one per loop, so that a request and its upstream
   * connection share a thread (with one client for all loops, a request on one loop is often given a
   * connection of another, and every write and answer then crosses threads: measured at several
   * times the cost of the request itself). Off an event loop, the shared one.
   */
  private HttpClient client() {
    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
    if (context == null || !context.isEventLoopContext()) {
      return client;
    }
    HttpClient c = perLoop.get();
    if (c == null) {
      c = newClient();
      perLoop.set(c);
    }
    return c;
  }

  @Override
  public void forward(HttpMethod method, String uri, MultiMap headers, Buffer body, HttpServerResponse response, String reference) {
    headers.set("Host", authority);
    if (channels != null && channels.forward(method, wire(basePath + uri), headers, body, response, reference)) {
      return;
    }
    client().request(options(method, uri))
        .compose(req -> {
          req.headers().setAll(headers);
          return body == null || body.length() == 0 ? req.send() : req.send(body);
        })
        .onSuccess(resp -> relay(resp, response))
        .onFailure(err -> failed(err, response, reference));
  }

  @Override
  public boolean streams() {
    return true;
  }

  /**
   * The request body piped to the upstream as it arrives, never held whole: each chunk is written
   * on, and the client is paused while the upstream connection's write queue is full. The upstream's
   * answer is relayed as soon as it comes (it may come before the body has all been sent).
   */
  @Override
  public void stream(HttpMethod method, String uri, MultiMap headers, HttpServerRequest in, long limit, long timeoutMillis,
      Consumer<Bodies.Refusal> refused, String reference) {
    HttpServerResponse response = in.response();
    headers.set("Host", authority);
    long declared = Bodies.declaredLength(in);
    client().request(options(method, uri)).onComplete(ar -> {
      if (ar.failed()) {
        Bodies.closeAfter(in); // its body is never read
        failed(ar.cause(), response, reference);
        return;
      }
      HttpClientRequest req = ar.result();
      req.headers().setAll(headers);
      if (declared < 0) {
        req.headers().remove(HttpHeaders.CONTENT_LENGTH);
        req.setChunked(true);
      }
      req.response().onSuccess(resp -> relay(resp, response)).onFailure(err -> failed(err, response, reference));
      Piping p = new Piping(in, req, limit, refused);
      p.start(timeoutMillis);
    });
  }

  /** One request body on its way: counted against the limit, timed, paused while the upstream cannot take more. */
  private static final class Piping {
    private final HttpServerRequest in;
    private final HttpClientRequest out;
    private final long limit;
    private final Consumer<Bodies.Refusal> refused;
    private long seen;
    private long timer = -1;
    private boolean done;

    Piping(HttpServerRequest in, HttpClientRequest out, long limit, Consumer<Bodies.Refusal> refused) {
      this.in = in;
      this.out = out;
      this.limit = limit;
      this.refused = refused;
    }

    void start(long timeoutMillis) {
      if (in.isEnded()) {
        out.end();
        return;
      }
      io.vertx.core.Vertx vertx = io.vertx.core.Vertx.currentContext().owner();
      timer = vertx.setTimer(timeoutMillis, id -> fail(Bodies.Refusal.TIMEOUT));
      Bodies.continueIfAsked(in);
      out.drainHandler(v -> {
        if (!done) {
          in.resume();
        }
      });
      in.handler(chunk -> {
        if (done) {
          return;
        }
        seen += chunk.length();
        if (seen > limit) {
          fail(Bodies.Refusal.TOO_LARGE);
          return;
        }
        out.write(chunk);
        if (out.writeQueueFull()) {
          in.pause(); // back-pressure: the client waits for the upstream
        }
      });
      in.exceptionHandler(e -> fail(Bodies.Refusal.GONE));
      in.response().closeHandler(v -> fail(Bodies.Refusal.GONE));
      in.endHandler(v -> {
        if (!done) {
          done = true;
          vertx.cancelTimer(timer);
          out.end();
        }
      });
      in.resume();
    }

    private void fail(Bodies.Refusal why) {
      if (done) {
        return;
      }
      done = true;
      if (timer >= 0) {
        io.vertx.core.Vertx.currentContext().owner().cancelTimer(timer);
      }
      in.handler(null);
      HttpServerResponse response = in.response();
      if (why != Bodies.Refusal.GONE) {
        if (response.headWritten()) {
          in.connection().close(); // the upstream already answered: its answer cannot be completed
        } else {
          if (why == Bodies.Refusal.TIMEOUT) {
            Bodies.closeAfter(in);
          }
          refused.accept(why); // answered first: the reset below fails the upstream exchange, whose 502 must not win
        }
      }
      out.reset(); // the upstream gets no half body as if it were whole
    }
  }

  private RequestOptions options(HttpMethod method, String uri) {
    return new RequestOptions().setMethod(method).setHost(host).setPort(port).setSsl(ssl).setURI(wire(basePath + uri))
        .setTimeout(60_000);
  }

  /** The upstream's status and headers (minus hop-by-hop ones) onto the response, then its body piped with back-pressure. */
  private static void relay(HttpClientResponse resp, HttpServerResponse response) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(resp.statusCode());
    response.setStatusMessage(resp.statusMessage());
    copyResponseHeaders(resp.headers(), resp.headers().getAll("Connection"), response);
    chunkedWhenUnsized(response, resp.statusCode(), resp.headers().contains(HttpHeaders.CONTENT_LENGTH), resp.request().getMethod());
    resp.pipeTo(response);
  }

  /**
   * An upstream answer with a body of no stated length (sent chunked, or until the connection
   * closes) goes on to the client chunked: Vert.x refuses to write a body of unknown length otherwise.
   */
  static void chunkedWhenUnsized(HttpServerResponse response, int status, boolean hasLength, HttpMethod method) {
    if (!hasLength && status >= 200 && status != 204 && status != 304 && method != HttpMethod.HEAD) {
      response.setChunked(true);
    }
  }

  /** The upstream's response headers onto the client's, minus hop-by-hop ones and those its {@code Connection} names. */
  static void copyResponseHeaders(Iterable<java.util.Map.Entry<String, String>> headers, java.util.List<String> connection,
      HttpServerResponse response) {
    java.util.Set<String> nominated = connection.isEmpty() ? java.util.Set.of() : Hop.nominated(connection);
    for (var e : headers) {
      String name = e.getKey();
      if (name.equalsIgnoreCase("Date")) {
        response.headers().set(name, e.getValue()); // one Date: the upstream's replaces the gateway's
      } else if (!Hop.isHopByHop(name) && !Hop.isNominated(nominated, name) && !name.equalsIgnoreCase("X-Request-Id")) {
        response.headers().add(name, e.getValue()); // X-Request-Id stays the gateway's (the error reference)
      }
    }
  }

  private void failed(Throwable err, HttpServerResponse response, String reference) {
    LOG.warn("upstream {}:{} failed for request {}: {}", host, port, reference, err.toString());
    if (response.ended() || response.closed()) {
      return;
    }
    if (!response.headWritten()) {
      Responses.plain(response, 502, "Bad Gateway", "The upstream did not answer.", reference);
    } else {
      response.reset();
    }
  }

  /**
   * The request target as the upstream's request line should carry it. The gateway reads the client's
   * request line one char per byte (ISO-8859-1), and the client encodes its target as UTF-8: a
   * target with raw non-ASCII bytes that form UTF-8 ({@code ?q=café} sent as {@code c3 a9}) is given to
   * the client decoded, so it writes the very bytes the client sent; bytes that are not UTF-8 go as
   * {@code %XX}, the one spelling that keeps them. ASCII targets are returned as they are.
   */
  static String wire(String target) {
    int i = 0;
    while (i < target.length() && target.charAt(i) < 0x80) {
      i++;
    }
    if (i == target.length()) {
      return target;
    }
    byte[] bytes = target.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    try {
      return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      StringBuilder b = new StringBuilder(bytes.length + 16);
      for (byte x : bytes) {
        if (x >= 0) {
          b.append((char) x);
        } else {
          b.append('%').append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xf, 16)))
              .append(Character.toUpperCase(Character.forDigit(x & 0xf, 16)));
        }
      }
      return b.toString();
    }
  }

  @Override
  public void close() {
    clients.forEach(HttpClient::close);
  }
}
