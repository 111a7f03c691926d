package portcullis.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes text lines to a stream on its own thread, so that a request's event loop only queues its
 * line (a lock-free offer: no lock, no wake-up call) and never waits on a disk or a pipe. The thread
 * drains the queue, then sleeps 1 ms (longer, up to 50 ms, while nothing comes), so under load many
 * lines go out in one write. Lines are written whole: each write holds whole lines only, at most
 * {@code chunk} bytes unless one line is longer (4 KiB for a pipe such as stdout, where writes of up
 * to 4 KiB are atomic, so lines never interleave with another writer's; 64 KiB for a file).
 * At most {@code capacity} lines wait; beyond that a line is dropped and counted ({@link #dropped()}),
 * a warning logged at most once a minute. {@link #close} writes what is queued, then closes.
 */
final class LineWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LineWriter.class);
  static final int PIPE_CHUNK = 4096;
  static final int FILE_CHUNK = 64 * 1024;
  private final int chunkSize;
  private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final int capacity;
  private final OutputStream out;
  private final boolean closeStream;
  private final String name;
  private final Thread thread;
  private volatile boolean closing;
  private volatile long lastWarning;

  /** @param closeStream whether {@link #close} closes {@code out} (not stdout) */
  LineWriter(String name, OutputStream out, boolean closeStream, int capacity, int chunkSize) {
    this.chunkSize = chunkSize;
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
  }

  long dropped() {
    return dropped.get();
  }

  private void run() {
    byte[] chunk = new byte[chunkSize];
    int used = 0;
    long idleNanos = 1_000_000L;
    while (true) {
      String line = queue.poll();
      if (line == null) {
        used = flush(chunk, used);
        if (closing && queue.isEmpty()) {
          return;
        }
        LockSupport.parkNanos(this, idleNanos);
        idleNanos = Math.min(50_000_000L, idleNanos * 2); // 1, 2, 4, ... 50 ms while nothing comes
        continue;
      }
      idleNanos = 1_000_000L;
      pending.decrementAndGet();
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      if (used + b.length + 1 > chunk.length) {
        used = flush(chunk, used);
      }
      if (b.length + 1 > chunk.length) {
        byte[] whole = java.util.Arrays.copyOf(b, b.length + 1);
        whole[b.length] = '\n';
        write(whole, whole.length);
      } else {
        System.arraycopy(b, 0, chunk, used, b.length);
        used += b.length;
        chunk[used++] = '\n';
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
