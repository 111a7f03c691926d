package portcullis.server;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A hook for caches that load from the store: once armed, the next load pauses after its read until
 * {@link #release()}, so a test can commit a write while a stale read is in flight.
 */
public final class HeldLoad implements Runnable {
  private final AtomicBoolean armed = new AtomicBoolean();
  private final CountDownLatch read = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  /** Holds the next load. */
  public void arm() {
    armed.set(true);
  }

  @Override
  public void run() {
    if (armed.compareAndSet(true, false)) {
      read.countDown();
      await(release);
    }
  }

  /** Waits until the held load has read the store. */
  public void awaitRead() {
    await(read);
  }

  public void release() {
    release.countDown();
  }

  /**
   * Waits until {@code writer} has finished, or is parked inside the cache (an invalidation waiting
   * for the held load to finish).
   */
  public static void awaitDoneOrParkedInCache(Thread writer) throws InterruptedException {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (writer.isAlive()) {
      Thread.State s = writer.getState();
      if ((s == Thread.State.BLOCKED || s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING)
          && Arrays.stream(writer.getStackTrace()).anyMatch(f -> f.getClassName().startsWith("com.github.benmanes.caffeine"))) {
        return;
      }
      if (System.nanoTime() > giveUp) {
        throw new IllegalStateException("writer neither finished nor waited in the cache: " + s);
      }
      Thread.sleep(1);
    }
  }

  private static void await(CountDownLatch l) {
    try {
      if (!l.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("latch not released within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
