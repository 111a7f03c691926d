package portcullis.server.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * The upstream leg for a plain-HTTP upstream when the request's body is in hand (none, or read by a
 * scheme): Netty channels of the request's own event loop, kept alive in a pool per loop, the request
 * written once (head and body), the response relayed to the client as it is read (the channel stops
 * reading while the client's connection cannot take more). Below Vert.x's HTTP client, whose pool,
 * futures, stream pipe and copies cost more than the proxying itself on small requests; streamed
 * request bodies and HTTPS upstreams keep that client ({@link HttpUpstream}). Event-loop only.
 */
final class UpstreamChannels {
  /** Idle connections kept per event loop; more are closed when they come back. */
  static final int POOL = 128;
  /** An idle connection older than this is not used again (nginx closes its own after 75 s). */
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(55);
  private final String host;
  private final int port;
  private final long timeoutMillis;
  private final ChannelFactory<? extends Channel> channels;
  private final ThreadLocal<ArrayDeque<Channel>> idle = ThreadLocal.withInitial(ArrayDeque::new);
  private final HttpUpstream.FailureReport report;

  UpstreamChannels(Vertx vertx, String host, int port, long timeoutMillis, HttpUpstream.FailureReport report) {
    this.host = host;
    this.port = port;
    this.timeoutMillis = timeoutMillis;
    this.channels = ((VertxInternal) vertx).transport().channelFactory(false);
    this.report = report;
  }

  /**
   * Sends the request (its headers final, {@code Host} included) and relays its answer, on the
   * calling event loop; false (nothing done) when not called on one.
   */
  boolean forward(HttpMethod method, String uri, MultiMap headers, Buffer body, HttpServerResponse response, String reference) {
    if (!(Vertx.currentContext() instanceof ContextInternal context) || !context.isEventLoopContext()) {
      return false;
    }
    EventLoop loop = context.nettyEventLoop();
    if (!loop.inEventLoop()) {
      return false;
    }
    Exchange x = new Exchange(io.netty.handler.codec.http.HttpMethod.valueOf(method.name()), uri, headers,
        body == null ? Unpooled.EMPTY_BUFFER : ((BufferInternal) body).getByteBuf(), response, reference, loop);
    x.start();
    return true;
  }

  /** A fresh connection to the upstream on {@code loop}, its pipeline the HTTP codec and a {@link Leg}. */
  private io.netty.channel.ChannelFuture connect(EventLoop loop) {
    return new Bootstrap().group(loop).channelFactory(channels).option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000).option(ChannelOption.SO_KEEPALIVE, true)
        .handler(new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast("codec", new HttpClientCodec(4096, 16 * 1024, 16 * 1024)).addLast("leg", new Leg());
          }
        }).connect(host, port);
  }

  /** An idle pooled connection of this loop still open, or null. */
  private Channel pooled() {
    ArrayDeque<Channel> pool = idle.get();
    long now = System.nanoTime();
    for (Channel ch; (ch = pool.pollLast()) != null; ) {
      Leg leg = ch.pipeline().get(Leg.class);
      if (ch.isActive() && leg != null && now - leg.idleSince < IDLE_NANOS) {
        return ch;
      }
      ch.close();
    }
    return null;
  }

  private void release(Channel ch) {
    ArrayDeque<Channel> pool = idle.get();
    if (ch.isActive() && pool.size() < POOL) {
      ch.pipeline().get(Leg.class).idleSince = System.nanoTime();
      pool.addLast(ch);
    } else {
      ch.close();
    }
  }

  /** One request on its way: sent on a pooled or new connection, its answer relayed to {@code response}. */
  private final class Exchange {
    final io.netty.handler.codec.http.HttpMethod method;
    final String uri;
    final MultiMap headers;
    final ByteBuf body;
    final HttpServerResponse response;
    final String reference;
    final EventLoop loop;
    Channel channel;
    boolean reused;
    boolean retried;
    boolean answered; // the response head has come
    boolean done;
    boolean keepAlive;
    ScheduledFuture<?> timer;

    Exchange(io.netty.handler.codec.http.HttpMethod method, String uri, MultiMap headers, ByteBuf body, HttpServerResponse response,
        String reference, EventLoop loop) {
      this.method = method;
      this.uri = uri;
      this.headers = headers;
      this.body = body;
      this.response = response;
      this.reference = reference;
      this.loop = loop;
    }

    void start() {
      timer = loop.schedule(() -> fail(new java.util.concurrent.TimeoutException("no answer within " + timeoutMillis + " ms")),
          timeoutMillis, TimeUnit.MILLISECONDS);
      response.closeHandler(v -> {
        if (!done) { // the client went away: the upstream connection, mid-answer, is not reused
          done = true;
          timer.cancel(false);
          if (channel != null) {
            channel.close();
          }
        }
      });
      Channel ch = pooled();
      if (ch != null) {
        reused = true;
        send(ch);
        return;
      }
      open();
    }

    private void open() {
      reused = false;
      connect(loop).addListener((io.netty.channel.ChannelFutureListener) f -> {
        if (!f.isSuccess()) {
          fail(f.cause());
        } else if (done) {
          release(f.channel());
        } else {
          send(f.channel());
        }
      });
    }

    private void send(Channel ch) {
      channel = ch;
      ch.pipeline().get(Leg.class).exchange = this;
      io.netty.handler.codec.http.HttpHeaders h;
      if (headers instanceof io.netty.handler.codec.http.HttpHeaders netty) {
        h = netty; // Vert.x's header map is Netty's: encoded as it is
      } else {
        h = new io.netty.handler.codec.http.DefaultHttpHeaders();
        headers.forEach(e -> h.add(e.getKey(), e.getValue()));
      }
      if (body.isReadable() || method.equals(io.netty.handler.codec.http.HttpMethod.POST)
          || method.equals(io.netty.handler.codec.http.HttpMethod.PUT) || method.equals(io.netty.handler.codec.http.HttpMethod.PATCH)) {
        h.set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
      }
      DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, body.retainedDuplicate(), h,
          EmptyHttpHeaders.INSTANCE);
      ch.writeAndFlush(request).addListener(f -> {
        if (!f.isSuccess()) {
          broken(f.cause());
        }
      });
    }

    /** The connection failed under this exchange: once more on a new one when nothing came back on a reused one. */
    void broken(Throwable cause) {
      if (done) {
        return;
      }
      Channel ch = channel;
      channel = null;
      if (ch != null) {
        ch.pipeline().get(Leg.class).exchange = null;
        ch.close();
      }
      if (reused && !answered && !retried && idempotent()) {
        retried = true; // an idle connection the upstream had just closed: the request never reached it
        open();
        return;
      }
      fail(cause);
    }

    /** Safe to send twice (RFC 9110 section 9.2.1), as nginx's proxy_next_upstream retries by default. */
    private boolean idempotent() {
      return method.equals(io.netty.handler.codec.http.HttpMethod.GET) || method.equals(io.netty.handler.codec.http.HttpMethod.HEAD)
          || method.equals(io.netty.handler.codec.http.HttpMethod.OPTIONS);
    }

    void fail(Throwable cause) {
      if (done) {
        return;
      }
      done = true;
      timer.cancel(false);
      if (channel != null) {
        channel.pipeline().get(Leg.class).exchange = null;
        channel.close();
        channel = null;
      }
      report.failed(cause, response, reference);
    }

    void head(HttpResponse r) {
      answered = true;
      keepAlive = HttpUtil.isKeepAlive(r);
      if (response.ended() || response.closed()) {
        return;
      }
      response.setStatusCode(r.status().code());
      response.setStatusMessage(r.status().reasonPhrase());
      HttpUpstream.copyResponseHeaders(r.headers(), r.headers().getAll(HttpHeaderNames.CONNECTION), response);
      HttpUpstream.chunkedWhenUnsized(response, r.status().code(), r.headers().contains(HttpHeaderNames.CONTENT_LENGTH),
          HttpMethod.valueOf(method.name()));
    }

    void content(HttpContent c) {
      boolean last = c instanceof LastHttpContent;
      if (response.ended() || response.closed()) {
        c.release();
      } else {
        Buffer chunk = c.content().isReadable() ? BufferInternal.safeBuffer(c.content()) : null; // copied, released
        if (chunk == null) {
          c.release();
        }
        if (last) {
          if (chunk == null) {
            response.end();
          } else {
            response.end(chunk);
          }
        } else if (chunk != null) {
          response.write(chunk);
          if (response.writeQueueFull()) { // back-pressure: read no more from the upstream until the client drains
            channel.config().setAutoRead(false);
            Channel ch = channel;
            response.drainHandler(v -> ch.config().setAutoRead(true));
          }
        }
      }
      if (last) {
        finish();
      }
    }

    private void finish() {
      if (done) {
        return;
      }
      done = true;
      timer.cancel(false);
      Channel ch = channel;
      channel = null;
      ch.pipeline().get(Leg.class).exchange = null;
      ch.config().setAutoRead(true);
      if (keepAlive) {
        release(ch);
      } else {
        ch.close();
      }
    }
  }

  /** The handler at the end of each upstream connection's pipeline: hands what is read to its current exchange. */
  private static final class Leg extends ChannelInboundHandlerAdapter {
    Exchange exchange;
    long idleSince;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      Exchange x = exchange;
      if (x == null || x.done) { // nothing asked: an idle connection the upstream wrote to is not reused
        ReferenceCountUtil.release(msg);
        ctx.close();
        return;
      }
      if (msg instanceof HttpResponse r) {
        if (r.status().codeClass() == HttpStatusClass.INFORMATIONAL) { // 100 Continue and the like: the final answer follows
          ReferenceCountUtil.release(msg);
          return;
        }
        if (r.decoderResult().isFailure()) {
          ReferenceCountUtil.release(msg);
          x.fail(new IllegalStateException("malformed upstream response: " + r.decoderResult().cause()));
          return;
        }
        x.head(r);
      }
      if (msg instanceof HttpContent c) {
        if (c.decoderResult().isFailure()) {
          c.release();
          x.fail(new IllegalStateException("malformed upstream response body: " + c.decoderResult().cause()));
          return;
        }
        x.content(c);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      Exchange x = exchange;
      if (x != null) {
        x.broken(new java.io.IOException("the upstream closed the connection"));
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      Exchange x = exchange;
      if (x != null) {
        x.broken(cause);
      } else {
        ctx.close();
      }
    }
  }
}
