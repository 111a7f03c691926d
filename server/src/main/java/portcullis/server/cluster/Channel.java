package portcullis.server.cluster;

import java.util.function.Consumer;

/**
 * A broadcast channel between the nodes of one cluster: every message published by any node is
 * delivered to every connected node, the publisher included (as Redis pub/sub does). Messages are
 * one line of printable ASCII; delivery is at most once and only while connected, so a node that
 * was disconnected must assume it missed some (see {@link Invalidations}).
 *
 * <p>Listeners may be called on any thread (the transport's); they must not block. {@link
 * InProcessHub} is the in-JVM implementation; a Redis one publishes and subscribes on one channel
 * name.
 */
public interface Channel extends AutoCloseable {
  /** Sends {@code message} to every node; never blocks. Dropped (not queued) while disconnected. */
  void publish(String message);

  /** Called with each message received (the node's own included). */
  void onMessage(Consumer<String> listener);

  /** Called each time the channel (re)connects, after it is subscribed again. */
  void onConnected(Runnable listener);

  /** Called each time the channel loses its connection. */
  void onDisconnected(Runnable listener);

  /** Whether it is connected now. */
  boolean connected();

  @Override
  void close();
}
