package portcullis.server.cluster;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import portcullis.core.crypto.Crypto;

/**
 * The one way a write tells the caches what it changed, on this node and, through a {@link Channel},
 * on every other. A write site calls {@link #publish} once its transaction has committed (on the
 * thread that did the write): the event is applied here at once, synchronously, by every {@link
 * #subscribe receiver} (each drops exactly the entries the event names), and then sent on the
 * channel, so every other node applies it too; the node's own echo is applied again, harmlessly.
 *
 * <p><b>Trust.</b> Pub/sub loses what is sent while a node is not listening, so: when the channel
 * (re)connects, the node drops every cached entity ({@link Invalidation.DropAll}); every node sends
 * a heartbeat every {@link #HEARTBEAT_INTERVAL}; a node that has heard nothing at all (no event, not
 * even its own heartbeat) for {@link #SILENCE_LIMIT} stops trusting its caches ({@link #trusted()}
 * false: every {@link portcullis.server.StoreCache} look-up is a miss that reads the store) until it
 * hears again, and then drops everything first.
 *
 * <p>Without a channel ({@link #local()}, a single node) events are applied locally only and the
 * caches are always trusted: exactly the behaviour before clusters.
 *
 * <p>Received events are applied on one thread of this node's own, in order (a drop may wait for a
 * store load in flight, so never on the transport's event loop). Thread-safe.
 */
public final class Invalidations implements AutoCloseable {
  /** How often each node sends a heartbeat. */
  public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
  /** How long a node may hear nothing before it stops trusting its caches. */
  public static final Duration SILENCE_LIMIT = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(Invalidations.class);

  private final Channel channel;
  private final String node = Crypto.randomBase62(12);
  private final List<Consumer<Invalidation>> receivers = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService thread;
  private final long silenceNanos;
  private final MeterRegistry registry;
  private final ConcurrentHashMap<String, Counter> published = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> received = new ConcurrentHashMap<>();
  private final Timer lag;
  private volatile long lastHeard = System.nanoTime();
  private volatile boolean reportedSilent;

  private Invalidations(Channel channel, MeterRegistry registry, Duration heartbeat, Duration silence) {
    this.channel = channel;
    this.registry = registry;
    this.silenceNanos = silence.toNanos();
    this.lag = registry == null ? null : Timer.builder("portcullis.invalidations.lag")
        .description("From an invalidation's publication (the sender's clock) to its entries dropped here")
        .publishPercentileHistogram(false).register(registry);
    if (registry != null) {
      Gauge.builder("portcullis.caches.trusted", this, i -> i.trusted() ? 1 : 0)
          .description("1 while cached entities are used, 0 while every look-up reads the store (invalidation channel silent)")
          .register(registry);
    }
    if (channel == null) {
      this.thread = null;
      return;
    }
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
      Thread th = new Thread(r, "portcullis-invalidations");
      th.setDaemon(true);
      return th;
    });
    t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.thread = t;
    channel.onMessage(this::received);
    channel.onConnected(() -> thread.execute(() -> {
      LOG.info("invalidation channel connected: dropping every cached entity (messages may have been missed)");
      apply(new Invalidation.DropAll());
      if (missedPublish) { // the others never heard of a write made here while disconnected: they drop too
        missedPublish = false;
        publish(new Invalidation.DropAll());
      }
    }));
    channel.onDisconnected(() -> LOG.warn("invalidation channel disconnected; caches are distrusted after {} s of silence",
        silence.toSeconds()));
    long every = heartbeat.toMillis();
    thread.scheduleAtFixedRate(this::tick, every, every, TimeUnit.MILLISECONDS);
  }

  /** Set when a write was published while the channel was down; cleared by the drop-all sent on reconnect. */
  private volatile boolean missedPublish;

  /** A single node: no channel, events applied here only, caches always trusted. */
  public static Invalidations local() {
    return new Invalidations(null, null, HEARTBEAT_INTERVAL, SILENCE_LIMIT);
  }

  /** A single node whose metrics (published/received stay 0, trusted 1) go to {@code registry}. */
  public static Invalidations local(MeterRegistry registry) {
    return new Invalidations(null, registry, HEARTBEAT_INTERVAL, SILENCE_LIMIT);
  }

  /** A cluster node on {@code channel}, with the default heartbeat and silence limit. */
  public static Invalidations over(Channel channel, MeterRegistry registry) {
    return over(channel, registry, HEARTBEAT_INTERVAL, SILENCE_LIMIT);
  }

  /** A cluster node on {@code channel} with other timings (tests). */
  public static Invalidations over(Channel channel, MeterRegistry registry, Duration heartbeat, Duration silence) {
    return new Invalidations(java.util.Objects.requireNonNull(channel, "channel"), registry, heartbeat, silence);
  }

  /** This node's id on the channel (random per start). */
  public String node() {
    return node;
  }

  /** Whether this node is on a channel (a cluster) at all. */
  public boolean clustered() {
    return channel != null;
  }

  /** Adds a receiver: it drops what each event names from its own caches; it runs on any thread and may block briefly. */
  public void subscribe(Consumer<Invalidation> receiver) {
    receivers.add(receiver);
  }

  /**
   * Applies {@code event} here, now, then sends it to every other node. Call after the write it
   * describes committed. A channel that cannot send is logged, never thrown: the write stands, and
   * the other nodes drop everything when they hear again.
   */
  public void publish(Invalidation event) {
    apply(event);
    if (channel == null) {
      return;
    }
    String line = new Invalidation.Message(node, System.currentTimeMillis(), event).encode();
    if (!channel.connected()) {
      missedPublish = true; // a publish now may be lost: the next connect tells every node to drop everything
    }
    try {
      channel.publish(line);
      count(published, "portcullis.invalidations.published", "Invalidations this node sent on the channel", event);
    } catch (RuntimeException e) {
      missedPublish = true;
      LOG.warn("invalidation channel: could not publish a {} invalidation: {}", Invalidation.kind(event), e.toString());
    }
  }

  /**
   * Whether cached entities may answer: always without a channel; with one, while something was
   * heard within the silence limit.
   */
  public boolean trusted() {
    return channel == null || System.nanoTime() - lastHeard < silenceNanos;
  }

  private void received(String line) {
    Invalidation.Message m = Invalidation.Message.decode(line);
    thread.execute(() -> {
      if (!trusted()) {
        LOG.info("invalidation channel heard again: dropping every cached entity, then trusting the caches again");
        apply(new Invalidation.DropAll()); // before lastHeard moves: until then every look-up reads the store
        reportedSilent = false;
      }
      lastHeard = System.nanoTime();
      if (m == null) {
        LOG.debug("invalidation channel: ignored a message this version does not read");
        return;
      }
      if (m.event() == null) {
        return;
      }
      count(received, "portcullis.invalidations.received", "Invalidations received on the channel (this node's own included)",
          m.event());
      apply(m.event());
      if (lag != null) {
        lag.record(Math.max(0, System.currentTimeMillis() - m.sentAtMillis()), TimeUnit.MILLISECONDS);
      }
    });
  }

  private void tick() {
    if (!trusted() && !reportedSilent) {
      reportedSilent = true;
      LOG.warn("invalidation channel silent for {} s: every cache look-up reads the store until it is heard again",
          silenceNanos / 1_000_000_000L);
    }
    try {
      channel.publish(new Invalidation.Message(node, System.currentTimeMillis(), null).encode());
    } catch (RuntimeException e) {
      LOG.debug("invalidation channel: heartbeat not sent: {}", e.toString());
    }
  }

  private void apply(Invalidation event) {
    for (Consumer<Invalidation> r : receivers) {
      try {
        r.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("invalidation: a receiver failed on a {} invalidation: {}", Invalidation.kind(event), e.toString());
      }
    }
  }

  private void count(ConcurrentHashMap<String, Counter> counters, String name, String description, Invalidation e) {
    if (registry == null) {
      return;
    }
    String kind = Invalidation.kind(e);
    counters.computeIfAbsent(kind, k -> Counter.builder(name).description(description).tag("kind", k).register(registry)).increment();
  }

  @Override
  public void close() {
    if (thread != null) {
      thread.shutdownNow();
    }
  }
}
