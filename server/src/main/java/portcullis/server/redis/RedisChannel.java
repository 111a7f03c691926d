package portcullis.server.redis;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.server.cluster.Channel;

/**
 * The cluster's invalidation {@link Channel} on Redis pub/sub: every node publishes on and subscribes
 * to one channel name ({@link #NAME}). Publishing goes over the command connection (never blocks; a
 * publish while Redis is down is dropped and logged, the others' heartbeat silence covers it),
 * messages arrive on the {@link RedisConnection}'s subscriber connection, and "connected" means that
 * connection is up with the channel subscribed. Thread-safe.
 */
public final class RedisChannel implements Channel {
  /** The pub/sub channel every node of a cluster uses. */
  public static final String NAME = "portcullis:invalidations";
  private static final Logger LOG = LoggerFactory.getLogger(RedisChannel.class);

  private final RedisConnection redis;
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  public RedisChannel(RedisConnection redis) {
    this.redis = redis;
    redis.subscribe(NAME, message -> {
      for (Consumer<String> l : listeners) {
        l.accept(message);
      }
    });
  }

  @Override
  public void publish(String message) {
    redis.publish(NAME, message).onFailure(e -> LOG.warn("cluster: invalidation not published (Redis: {})", e.getMessage()));
  }

  @Override
  public void onMessage(Consumer<String> listener) {
    listeners.add(listener);
  }

  @Override
  public void onConnected(Runnable listener) {
    redis.onSubscriberConnected(listener);
  }

  @Override
  public void onDisconnected(Runnable listener) {
    redis.onSubscriberDisconnected(listener);
  }

  @Override
  public boolean connected() {
    return redis.isSubscriberUp();
  }

  /** The connection belongs to the server, which closes it. */
  @Override
  public void close() {}
}
