package portcullis.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes text lines to a stream on its own thread, so that a request's event loop only queues its
 * line (a lock-free offer) and never waits on a disk or a pipe. Lines are written whole: each write
 * holds whole lines only, at most {@value #CHUNK} bytes unless one line is longer, so lines never
 * interleave with another writer's on a shared stdout (writes of up to 4 KiB to a pipe are atomic).
 * At most {@code capacity} lines wait; beyond that a line is dropped and counted ({@link #dropped()}),
 * a warning logged at most once a minute. {@link #close} writes what is queued, then closes.
 */
final class LineWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LineWriter.class);
  static final int CHUNK = 4096;
  private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean parked = new AtomicBoolean();
  private final int capacity;
  private final OutputStream out;
  private final boolean closeStream;
  private final String name;
  private final Thread thread;
  private volatile boolean closing;
  private volatile long lastWarning;

  /** @param closeStream whether {@link #close} closes {@code out} (not stdout) */
  LineWriter(String name, OutputStream out, boolean closeStream, int capacity) {
    this.name = name;
    this.out = out;
    this.closeStream = closeStream;
    this.capacity = capacity;
    this.thread = Thread.ofPlatform().name("portcullis-" + name).daemon(true).start(this::run);
  }

  /** Queues {@code line} (without its newline). */
  void write(String line) {
    if (pending.incrementAndGet() > capacity) {
      pending.decrementAndGet();
      dropped.incrementAndGet();
      long now = System.nanoTime();
      if (now - lastWarning > 60_000_000_000L) {
        lastWarning = now;
        LOG.warn("{}: {} lines waiting, dropping lines ({} dropped so far): the log's disk or pipe is too slow", name, capacity,
            dropped.get());
      }
      return;
    }
    queue.offer(line);
    if (parked.get() && parked.compareAndSet(true, false)) {
      LockSupport.unpark(thread);
    }
  }

  long dropped() {
    return dropped.get();
  }

  private void run() {
    byte[] chunk = new byte[CHUNK];
    int used = 0;
    while (true) {
      String line = queue.poll();
      if (line == null) {
        used = flush(chunk, used);
        if (closing && queue.isEmpty()) {
          return;
        }
        parked.set(true);
        if (queue.isEmpty() && !closing) {
          LockSupport.parkNanos(this, 100_000_000L);
        }
        parked.set(false);
        continue;
      }
      pending.decrementAndGet();
      byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
      if (used + b.length > chunk.length) {
        used = flush(chunk, used);
      }
      if (b.length > chunk.length) {
        write(b, b.length);
      } else {
        System.arraycopy(b, 0, chunk, used, b.length);
        used += b.length;
      }
    }
  }

  private int flush(byte[] chunk, int used) {
    if (used > 0) {
      write(chunk, used);
    }
    return 0;
  }

  private void write(byte[] b, int length) {
    try {
      out.write(b, 0, length);
      out.flush();
    } catch (IOException e) {
      long now = System.nanoTime();
      if (now - lastWarning > 60_000_000_000L) {
        lastWarning = now;
        LOG.warn("{}: cannot write: {}", name, e.toString());
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    LockSupport.unpark(thread);
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (closeStream) {
      try {
        out.close();
      } catch (IOException e) {
        LOG.warn("{}: cannot close: {}", name, e.toString());
      }
    }
  }
}
