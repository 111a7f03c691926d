package portcullis.server.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link Channel} hub inside one JVM: several gateways (tests' "nodes") {@link #join} it and get
 * each other's messages, each delivered asynchronously on that member's own thread, in publish
 * order, as a network transport would. A member can be {@link Member#disconnect disconnected} (it
 * neither sends nor receives; what was published meanwhile is lost to it), {@link Member#connect
 * connected} again, or {@link Member#deaf made deaf} (connected, but nothing reaches it: a stuck
 * subscription). Thread-safe.
 */
public final class InProcessHub {
  private static final AtomicInteger THREADS = new AtomicInteger();
  private final List<Member> members = new CopyOnWriteArrayList<>();

  /** A new member, connected. */
  public Member join() {
    Member m = new Member();
    members.add(m);
    return m;
  }

  private void broadcast(String message) {
    for (Member m : members) {
      m.deliver(message);
    }
  }

  /** One node's end of the hub. */
  public final class Member implements Channel {
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> onConnected = new CopyOnWriteArrayList<>();
    private final List<Runnable> onDisconnected = new CopyOnWriteArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "portcullis-hub-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    private volatile boolean connected = true;
    private volatile boolean deaf;
    private volatile boolean closed;

    private Member() {}

    @Override
    public void publish(String message) {
      if (connected && !closed) {
        broadcast(message);
      }
    }

    private void deliver(String message) {
      if (connected && !deaf && !closed) {
        thread.execute(() -> listeners.forEach(l -> l.accept(message)));
      }
    }

    @Override
    public void onMessage(Consumer<String> listener) {
      listeners.add(listener);
    }

    @Override
    public void onConnected(Runnable listener) {
      onConnected.add(listener);
    }

    @Override
    public void onDisconnected(Runnable listener) {
      onDisconnected.add(listener);
    }

    @Override
    public boolean connected() {
      return connected;
    }

    /** Drops the connection: nothing is sent or received until {@link #connect}. */
    public void disconnect() {
      if (connected) {
        connected = false;
        thread.execute(() -> onDisconnected.forEach(Runnable::run));
      }
    }

    /** Connects again (messages published meanwhile are not delivered). */
    public void connect() {
      if (!connected) {
        connected = true;
        thread.execute(() -> onConnected.forEach(Runnable::run));
      }
    }

    /** While deaf, the member stays connected and may publish but receives nothing. */
    public void deaf(boolean deaf) {
      this.deaf = deaf;
    }

    @Override
    public void close() {
      closed = true;
      members.remove(this);
      thread.shutdown();
    }
  }
}
