package portcullis.server.redis;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.StoreUnavailableException;
import portcullis.server.config.Settings;

/**
 * The gateway's link to Redis: one pipelined command connection (the replay store's claims,
 * {@link #publish}, {@link #ping}) and, once something {@linkplain #subscribe subscribes}, one
 * subscriber connection (pub/sub needs a connection of its own), both with the non-blocking
 * vertx-redis-client. Each reconnects by itself, with a backoff from 100 ms doubling to 2 s, for as
 * long as this is open: no restart is ever needed.
 *
 * <p>Fails closed and fast: a command sent while the command connection is down, or not answered
 * within the command timeout ({@link #COMMAND_TIMEOUT}, 1 s), fails with a {@link
 * StoreUnavailableException} (a 503 with {@code Retry-After} in the route's dialect, never a 401). A
 * command that timed out also drops its connection, which is then made again: a Redis that stopped
 * answering on an open socket is treated as down.
 *
 * <p>Listeners ({@link #onSubscriberConnected}, {@link #onSubscriberDisconnected}) and message
 * handlers run on this connection's own event-loop context, one at a time; they must not block.
 * Never logs the password (the URL is logged without its user info). Thread-safe.
 */
public final class RedisConnection implements AutoCloseable {
  /** How long a command may take before it fails with {@link StoreUnavailableException}. */
  public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
  private static final long MIN_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 2000;
  private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);

  private final Vertx vertx;
  private final Context context;
  private final String safeUrl;
  private final long timeoutMillis;
  private final Redis commandClient;
  private final Redis subscriberClient;
  private final AtomicReference<io.vertx.redis.client.RedisConnection> commands = new AtomicReference<>();
  private final AtomicReference<io.vertx.redis.client.RedisConnection> subscriber = new AtomicReference<>();
  private final Map<String, List<Consumer<String>>> handlers = new ConcurrentHashMap<>();
  private final List<Runnable> connectedListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> disconnectedListeners = new CopyOnWriteArrayList<>();
  private final Promise<Void> firstConnect = Promise.promise();
  private volatile boolean subscriberStarted;
  private volatile boolean commandsWereUp;
  private volatile boolean closed;

  /** Connects (in the background) to the Redis of {@code settings}; see {@link #started()}. */
  public static RedisConnection open(Vertx vertx, Settings.Redis settings) {
    return new RedisConnection(vertx, settings, COMMAND_TIMEOUT);
  }

  /** The same with another command timeout (tests). */
  public RedisConnection(Vertx vertx, Settings.Redis settings, Duration commandTimeout) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.safeUrl = settings.safeUrl();
    this.timeoutMillis = Math.max(1, commandTimeout.toMillis());
    this.commandClient = Redis.createClient(vertx, options(settings, timeoutMillis));
    this.subscriberClient = Redis.createClient(vertx, options(settings, timeoutMillis));
    context.runOnContext(v -> connectCommands(MIN_BACKOFF_MS));
  }

  private static RedisOptions options(Settings.Redis settings, long timeoutMillis) {
    RedisOptions o = new RedisOptions().setConnectionString(settings.url())
        .setNetClientOptions(new NetClientOptions().setConnectTimeout((int) timeoutMillis).setTcpNoDelay(true).setTcpKeepAlive(true)
            .setHostnameVerificationAlgorithm(settings.tls() ? "HTTPS" : ""))
        .setMaxPoolSize(2).setMaxPoolWaiting(8).setMaxWaitingHandlers(1 << 16);
    if (settings.password() != null) {
      o.setPassword(settings.password());
    }
    return o;
  }

  /** Completes once the command connection was first made; fails if that first attempt did (it keeps trying). */
  public Future<Void> started() {
    return firstConnect.future();
  }

  /** The Redis URL without its user info (safe to log). */
  public String safeUrl() {
    return safeUrl;
  }

  /** Whether the command connection is up (claims and publishes can be sent). */
  public boolean isUp() {
    return commands.get() != null;
  }

  /** Whether the subscriber connection is up and every subscribed channel is subscribed on it. */
  public boolean isSubscriberUp() {
    return subscriber.get() != null;
  }

  /**
   * Sends one command on the command connection: one round trip, pipelined with the others, from
   * any thread (an event loop included; it never blocks). Fails with {@link
   * StoreUnavailableException} when the connection is down, the command is not answered within the
   * timeout, or Redis answers with an error (whose message is the exception's cause).
   */
  public Future<Response> send(Request request) {
    io.vertx.redis.client.RedisConnection c = commands.get();
    if (c == null) {
      return Future.failedFuture(new StoreUnavailableException("redis " + safeUrl + " is not connected", null));
    }
    return c.send(request).timeout(timeoutMillis, TimeUnit.MILLISECONDS).recover(e -> {
      if (e instanceof java.util.concurrent.TimeoutException) {
        lostCommands(c, "no answer within " + timeoutMillis + " ms");
      }
      return Future.failedFuture(new StoreUnavailableException("redis " + safeUrl + ": " + e.getMessage(), e));
    });
  }

  /** PING on the command connection: succeeds when Redis answers within the timeout. */
  public Future<Void> ping() {
    return send(Request.cmd(Command.PING)).mapEmpty();
  }

  /**
   * Publishes {@code message} on {@code channel} (PUBLISH, on the command connection); completes
   * with the number of subscribers (of every node) that received it, or fails as {@link #send} does.
   */
  public Future<Long> publish(String channel, String message) {
    return send(Request.cmd(Command.PUBLISH).arg(channel).arg(message)).map(Response::toLong);
  }

  /**
   * Calls {@code handler} with every message published on {@code channel} from now on, for as long
   * as this is open; re-subscribed after every reconnect. Messages published while the subscriber
   * connection is down are lost: listen to {@link #onSubscriberConnected} to learn when that may
   * have happened. Completes once the channel is subscribed (perhaps only after Redis comes back).
   */
  public Future<Void> subscribe(String channel, Consumer<String> handler) {
    Promise<Void> subscribed = Promise.promise();
    context.runOnContext(v -> {
      boolean fresh = !handlers.containsKey(channel);
      handlers.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>()).add(handler);
      io.vertx.redis.client.RedisConnection s = subscriber.get();
      if (!subscriberStarted) {
        subscriberStarted = true;
        connectSubscriber(MIN_BACKOFF_MS);
        whenSubscribed(subscribed);
      } else if (s != null && fresh) {
        s.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).timeout(timeoutMillis, TimeUnit.MILLISECONDS)
            .onSuccess(r -> subscribed.tryComplete())
            .onFailure(e -> {
              lostSubscriber(s, "SUBSCRIBE " + channel + " failed: " + e.getMessage());
              whenSubscribed(subscribed);
            });
      } else if (s != null) {
        subscribed.tryComplete();
      } else {
        whenSubscribed(subscribed);
      }
    });
    return subscribed.future();
  }

  /** Completes {@code p} the next time the subscriber connection comes up with every channel subscribed. */
  private void whenSubscribed(Promise<Void> p) {
    Runnable[] once = new Runnable[1];
    once[0] = () -> {
      connectedListeners.remove(once[0]);
      p.tryComplete();
    };
    connectedListeners.add(once[0]);
  }

  /**
   * Runs {@code listener} every time the subscriber connection comes up with every channel
   * subscribed, the first time included: from then on messages are received again (those
   * published while it was down are lost).
   */
  public void onSubscriberConnected(Runnable listener) {
    connectedListeners.add(listener);
  }

  /** Runs {@code listener} every time the subscriber connection is lost. */
  public void onSubscriberDisconnected(Runnable listener) {
    disconnectedListeners.add(listener);
  }

  // ---- the command connection ----

  private void connectCommands(long backoff) {
    if (closed) {
      return;
    }
    commandClient.connect().timeout(timeoutMillis * 2, TimeUnit.MILLISECONDS).onComplete(ar -> {
      if (closed) {
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      if (ar.failed()) {
        if (commandsWereUp || !firstConnect.future().isComplete()) {
          LOG.warn("redis {}: cannot connect ({}); single-use checks answer 503 until it is back, retrying", safeUrl,
              ar.cause().getMessage());
          commandsWereUp = false;
        }
        firstConnect.tryFail(new StoreUnavailableException("redis " + safeUrl + ": " + ar.cause().getMessage(), ar.cause()));
        retry(() -> connectCommands(Math.min(backoff * 2, MAX_BACKOFF_MS)), backoff);
        return;
      }
      io.vertx.redis.client.RedisConnection c = ar.result();
      c.exceptionHandler(e -> lostCommands(c, e.getMessage()));
      c.endHandler(v -> lostCommands(c, "connection closed"));
      commands.set(c);
      commandsWereUp = true;
      firstConnect.tryComplete();
      LOG.info("redis {}: connected", safeUrl);
    });
  }

  private void lostCommands(io.vertx.redis.client.RedisConnection c, String why) {
    if (commands.compareAndSet(c, null)) {
      LOG.warn("redis {}: command connection lost ({}); reconnecting", safeUrl, why);
      c.close();
      retry(() -> connectCommands(MIN_BACKOFF_MS), 0);
    }
  }

  private void retry(Runnable connect, long delay) {
    if (closed) {
      return;
    }
    if (delay <= 0) {
      context.runOnContext(v -> connect.run());
    } else {
      vertx.setTimer(delay, t -> context.runOnContext(v -> connect.run()));
    }
  }

  // ---- the subscriber connection ----

  private void connectSubscriber(long backoff) {
    if (closed) {
      return;
    }
    subscriberClient.connect().timeout(timeoutMillis * 2, TimeUnit.MILLISECONDS).compose(c -> {
      c.handler(this::dispatch);
      c.exceptionHandler(e -> lostSubscriber(c, e.getMessage()));
      c.endHandler(v -> lostSubscriber(c, "connection closed"));
      Request subscribe = Request.cmd(Command.SUBSCRIBE);
      List<String> channels = new ArrayList<>(handlers.keySet());
      channels.forEach(subscribe::arg);
      return c.send(subscribe).timeout(timeoutMillis, TimeUnit.MILLISECONDS).map(r -> c)
          .onFailure(e -> c.close());
    }).onComplete(ar -> {
      if (closed) {
        if (ar.succeeded()) {
          ar.result().close();
        }
        return;
      }
      if (ar.failed()) {
        LOG.debug("redis {}: subscriber cannot connect ({}); retrying", safeUrl, ar.cause().getMessage());
        retry(() -> connectSubscriber(Math.min(backoff * 2, MAX_BACKOFF_MS)), backoff);
        return;
      }
      subscriber.set(ar.result());
      LOG.info("redis {}: subscribed to {}", safeUrl, handlers.keySet());
      connectedListeners.forEach(RedisConnection::runSafely);
    });
  }

  private void lostSubscriber(io.vertx.redis.client.RedisConnection c, String why) {
    if (subscriber.compareAndSet(c, null)) {
      LOG.warn("redis {}: subscriber connection lost ({}); reconnecting", safeUrl, why);
      c.close();
      disconnectedListeners.forEach(RedisConnection::runSafely);
      retry(() -> connectSubscriber(MIN_BACKOFF_MS), 0);
    }
  }

  /** A push on the subscriber connection: {@code ["message", channel, payload]} (RESP2 or RESP3). */
  private void dispatch(Response r) {
    if (r == null || r.size() < 3 || !"message".equalsIgnoreCase(r.get(0).toString())) {
      return;
    }
    List<Consumer<String>> hs = handlers.get(r.get(1).toString());
    if (hs == null) {
      return;
    }
    String message = r.get(2).toString();
    for (Consumer<String> h : hs) {
      try {
        h.accept(message);
      } catch (RuntimeException e) {
        LOG.error("redis {}: a handler of channel {} failed", safeUrl, r.get(1), e);
      }
    }
  }

  private static void runSafely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.error("redis: a connection listener failed", e);
    }
  }

  /** Stops reconnecting and closes both connections. */
  @Override
  public void close() {
    closed = true;
    io.vertx.redis.client.RedisConnection c = commands.getAndSet(null);
    if (c != null) {
      c.close();
    }
    io.vertx.redis.client.RedisConnection s = subscriber.getAndSet(null);
    if (s != null) {
      s.close();
    }
    commandClient.close();
    subscriberClient.close();
  }
}
