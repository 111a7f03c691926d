package portcullis.server.limits;

/**
 * The times (epoch milliseconds) of the last {@code capacity} events of one key, oldest first, in a
 * ring: a sliding-window count that needs no more than the limit it is compared with (the throttle
 * stops recording once the limit is reached). Thread-safe (its own monitor; one per key, so two
 * requests contend only on the same key).
 */
final class SlidingLog {
  private final long[] at;
  private int head;
  private int size;

  SlidingLog(int capacity) {
    at = new long[Math.max(1, capacity)];
  }

  synchronized void add(long now) {
    if (size == at.length) {
      head = (head + 1) % at.length; // drop the oldest
      size--;
    }
    at[(head + size) % at.length] = now;
    size++;
  }

  /** Events within the window ending now; older ones are dropped. */
  synchronized int count(long now, long windowMillis) {
    trim(now - windowMillis);
    return size;
  }

  /**
   * When at least {@code limit} events lie within the window: the milliseconds until the oldest of
   * them leaves it (so the count falls below the limit); else 0.
   */
  synchronized long waitIfAtLeast(int limit, long now, long windowMillis) {
    trim(now - windowMillis);
    if (size < limit) {
      return 0;
    }
    long oldest = at[(head + size - limit) % at.length];
    return Math.max(1, oldest + windowMillis - now);
  }

  /** Milliseconds until the newest event leaves the window (0: none left). */
  synchronized long newestLeavesIn(long now, long windowMillis) {
    trim(now - windowMillis);
    return size == 0 ? 0 : Math.max(1, at[(head + size - 1) % at.length] + windowMillis - now);
  }

  /** Whether nothing lies within the window any more (the key may be forgotten). */
  synchronized boolean idle(long now, long windowMillis) {
    trim(now - windowMillis);
    return size == 0;
  }

  private void trim(long cutoff) {
    while (size > 0 && at[head] <= cutoff) {
      head = (head + 1) % at.length;
      size--;
    }
  }
}
