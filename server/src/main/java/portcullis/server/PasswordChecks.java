package portcullis.server;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that run Argon2id, apart from the worker pool: {@code limits.maxConcurrentPasswordChecks}
 * of them with a queue of {@code limits.maxQueuedPasswordChecks}. A check waiting here holds no
 * worker thread, so store look-ups and health checks never queue behind password hashing; a check
 * that finds the queue full fails at once with {@link Saturated} (the caller answers 503 with {@code
 * Retry-After}). {@link CachingDirectory#blocking()} runs Argon2id only on these threads.
 */
public final class PasswordChecks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordChecks.class);
  private static final ThreadLocal<Boolean> HASHER = ThreadLocal.withInitial(() -> false);
  private final ThreadPoolExecutor pool;
  private volatile long lastWarning;

  public PasswordChecks(int threads, int queue) {
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
        queue == 0 ? new java.util.concurrent.SynchronousQueue<>() : new ArrayBlockingQueue<>(queue), r -> {
          Thread t = new Thread(() -> {
            HASHER.set(true);
            r.run();
          }, "portcullis-password-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    pool.allowCoreThreadTimeOut(true);
  }

  /** Whether the current thread is one of the password-check threads. */
  public static boolean onThisThread() {
    return HASHER.get();
  }

  /** Checks waiting for a thread right now. */
  public int queued() {
    return pool.getQueue().size();
  }

  /**
   * Runs {@code work} on a password-check thread; the future completes on the caller's Vert.x
   * context (fails with {@link Saturated} at once when the queue is full).
   */
  public <T> Future<T> submit(Vertx vertx, Callable<T> work) {
    Context context = vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    try {
      pool.execute(() -> {
        T result;
        try {
          result = work.call();
        } catch (Throwable e) {
          context.runOnContext(v -> promise.fail(e));
          return;
        }
        context.runOnContext(v -> promise.complete(result));
      });
    } catch (RejectedExecutionException e) {
      long now = System.nanoTime();
      if (now - lastWarning > 10_000_000_000L) {
        lastWarning = now;
        LOG.warn("password checks saturated ({} running, {} queued): answering 503 until the queue drains"
            + " (limits.maxConcurrentPasswordChecks, limits.maxQueuedPasswordChecks)", pool.getActiveCount(), pool.getQueue().size());
      }
      return Future.failedFuture(Saturated.INSTANCE);
    }
    return promise.future();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** The queue of password checks is full; retry shortly. No stack trace. */
  public static final class Saturated extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final Saturated INSTANCE = new Saturated();

    private Saturated() {
      super("password checks are saturated; retry shortly", null, false, false);
    }
  }
}
