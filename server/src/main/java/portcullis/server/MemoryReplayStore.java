package portcullis.server;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;
import portcullis.core.replay.Claim;
import portcullis.core.replay.ReplayStore;
import portcullis.core.replay.ReplayWindow;

/**
 * The single-node {@link ReplayStore}, answering at once (a completed stage), sized for signed
 * requests at full speed: no per-entry objects, about 22 bytes per value at full capacity.
 *
 * <p><b>Layout.</b> A claim's key is reduced to a 64-bit keyed hash (SipHash-1-3 over its UTF-16
 * code units, with a random key per process, so nobody can aim collisions). Values live in
 * open-addressing tables (linear probing) of primitive arrays: {@code long} hash and {@code int}
 * deadline (milliseconds, relative to the store's start) per slot, 12 bytes; counts ({@link
 * Claim#increase}, Digest's nonce counts, one per Digest nonce) in tables of their own with a
 * {@code long} count beside, 20 bytes. The hash's low bits pick one of up to 64 stripes, each with
 * its own lock (the event loops meet on one stripe 1 time in 64); its high bits the slot.
 *
 * <p><b>Expiry.</b> Each value is kept exactly for its claim's TTL (to the millisecond, on the
 * clock the schemes check timestamps with): a slot whose deadline has passed is free to reuse. A
 * table is rebuilt, dropping expired slots and resized to its live values (slots = live / 0.55),
 * when 80 % of its slots are in use; tables start at 1024 slots and grow with their load, so memory
 * follows the live values and nothing is allocated up front. Live values are counted in a ring of
 * one-second buckets by deadline, each bucket subtracted once its second has begun (a value counts
 * against the capacity until the end of the second it expires in; TTLs beyond the ring's 8192 s are counted early).
 *
 * <p><b>Capacity.</b> {@code capacity} first-use values (and {@code capacity / 16} counts) are
 * always accepted: each stripe holds its share plus six standard deviations of the spread of hashes
 * over stripes, at most 55 % of its slots (so 12 / 0.55 = 22 bytes a value at full capacity, about
 * 400 MiB for the default {@link #DEFAULT_CAPACITY}). Beyond that the store <b>fails closed</b>: a
 * new value is refused (the request is answered as a replay, never let through unchecked), and
 * nothing already stored is evicted, so a flood of fresh nonces cannot flush a victim's out. A WARN
 * is logged at most once a minute from 80 % full, and when full.
 *
 * <p><b>Collisions.</b> Two different keys with the same 64-bit hash look like a replay: with
 * {@code n} live values a fresh claim is refused with probability about {@code n / 2^64} (18
 * million live: 1e-12 per request). Thread-safe.
 */
public final class MemoryReplayStore implements ReplayStore {
  /** The sustained rate of single-use values the default capacity is sized for, per second. */
  public static final long TARGET_RATE = 30_000;
  /** The longest TTL with the default windows (300 s): a timestamp now + 300 s, kept 2 x 300 s + 2 s. */
  public static final Duration LONGEST_TTL = ReplayWindow.untimed(Duration.ofSeconds(300));
  /** {@link #TARGET_RATE} x {@link #LONGEST_TTL}: 18,060,000 values. */
  public static final long DEFAULT_CAPACITY = TARGET_RATE * LONGEST_TTL.toSeconds();
  /** Counts get {@code capacity / COUNT_SHARE} (at least 1000). */
  static final int COUNT_SHARE = 16;
  /** The longest TTL kept (about 12 days): deadlines are int milliseconds compared across wrap-around. */
  static final long MAX_TTL_MS = 1L << 30;

  static final double LIVE_LOAD = 0.55;
  static final double USED_LOAD = 0.8;
  static final double REBUILT_LOAD = 0.55;
  static final int MIN_SLOTS = 1024;
  static final int RING = 8192;
  static final long UNIT_MS = 1000;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MemoryReplayStore.class);
  private static final CompletionStage<Boolean> HELD = CompletableFuture.completedFuture(true);
  private static final CompletionStage<Boolean> REFUSED = CompletableFuture.completedFuture(false);
  private static final int OK = 1;
  private static final int CONFLICT = 0;
  private static final int FULL = -1;

  private final LongSupplier millis;
  private final long base;
  private final long k0;
  private final long k1;
  private final Kind firstUses;
  private final Kind counts;

  /** Values expire on {@link System#nanoTime()}. */
  public MemoryReplayStore(long capacity) {
    this(capacity, () -> System.nanoTime() / 1_000_000);
  }

  /**
   * Values expire on {@code clock}, the clock the schemes check timestamps with: a value lives
   * exactly as long, on that clock, as the timestamp it protects can pass (tests move it).
   */
  public MemoryReplayStore(long capacity, InstantSource clock) {
    this(capacity, clock::millis);
  }

  private MemoryReplayStore(long capacity, LongSupplier millis) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity < 1");
    }
    this.millis = millis;
    this.base = millis.getAsLong();
    SecureRandom random = new SecureRandom();
    this.k0 = random.nextLong();
    this.k1 = random.nextLong();
    this.firstUses = new Kind("first-use values", capacity, false);
    this.counts = new Kind("counts", Math.max(1000, capacity / COUNT_SHARE), true);
  }

  /** The first-use values this store always accepts (the configured {@code replayCacheSize}). */
  public long capacity() {
    return firstUses.capacity;
  }

  /** First-use values live now (high by at most one second of claims). */
  public long entries() {
    return firstUses.live();
  }

  /** The counts (Digest nonce counts) this store always accepts. */
  public long countCapacity() {
    return counts.capacity;
  }

  /** Counts live now. */
  public long countEntries() {
    return counts.live();
  }

  @Override
  public CompletionStage<Boolean> claim(Claim claim) {
    boolean held = claim.isFirstUse() ? firstUse(claim.key(), claim.ttl()) : increase(claim.key(), claim.value(), claim.ttl());
    return held ? HELD : REFUSED;
  }

  /** Records {@code key}; whether this is its first use within {@code ttl} (atomic). */
  public boolean firstUse(String key, Duration ttl) {
    return firstUses.claim(hash(key), 0, ttl);
  }

  /** Raises the count under {@code key} to {@code value} when greater (absent: 0); whether it was. */
  public boolean increase(String key, long value, Duration ttl) {
    return counts.claim(hash(key), value, ttl);
  }

  private long now() {
    return millis.getAsLong() - base;
  }

  long hash(String key) {
    long h = sipHash13(k0, k1, key);
    return h == 0 ? 1 : h; // 0 marks an empty slot
  }

  /** One kind of value (first uses or counts): its stripes, its capacity, its warnings. */
  private final class Kind {
    final String name;
    final long capacity;
    final boolean withValues;
    final int mask;
    final long stripeCapacity;
    final Table[] stripes;
    volatile long lastFillWarning = Long.MIN_VALUE;
    volatile long lastFullWarning = Long.MIN_VALUE;

    Kind(String name, long capacity, boolean withValues) {
      this.name = name;
      this.capacity = capacity;
      this.withValues = withValues;
      int n = (int) Math.max(1, Math.min(64, Long.highestOneBit(capacity / 16_384)));
      this.mask = n - 1;
      double mean = (double) capacity / n;
      // each stripe's share plus 6 standard deviations of how hashes spread over n stripes
      this.stripeCapacity = n == 1 ? capacity : (long) Math.ceil(mean + 6 * Math.sqrt(mean) + 16);
      this.stripes = new Table[n];
      long now = now();
      for (int i = 0; i < n; i++) {
        stripes[i] = new Table(stripeCapacity, withValues, MemoryReplayStore.this::now, now);
      }
    }

    long live() {
      long sum = 0;
      for (Table t : stripes) {
        if (t != null) {
          sum += t.live;
        }
      }
      return sum;
    }

    boolean claim(long h, long value, Duration ttl) {
      long ttlMs = Math.min(MAX_TTL_MS, Math.max(1, (ttl.toNanos() + 999_999) / 1_000_000));
      Table t = stripes[(int) h & mask];
      int r = t.claim(h, value, ttlMs);
      if (r == FULL) {
        full();
        return false;
      }
      if (r == OK && t.live >= t.capacity * 4 / 5) {
        filling();
      }
      return r == OK;
    }

    private void filling() {
      long now = System.nanoTime();
      if (now - lastFillWarning < 60_000_000_000L && lastFillWarning != Long.MIN_VALUE) {
        return;
      }
      long live = live();
      if (live * 5 >= capacity * 4) {
        lastFillWarning = now;
        LOG.warn("replay store {}% full ({} of {} {}): at 100% new ones are refused as replays; raise replayCacheSize",
            live * 100 / capacity, live, capacity, name);
      }
    }

    private void full() {
      long now = System.nanoTime();
      if (now - lastFullWarning < 60_000_000_000L && lastFullWarning != Long.MIN_VALUE) {
        return;
      }
      lastFullWarning = now;
      LOG.warn("replay store full ({} of {} {}): refusing new ones (answered as replays, fail closed) until entries expire;"
          + " raise replayCacheSize", live(), capacity, name);
    }
  }

  /** One stripe: an open-addressing table of hashes and deadlines (and counts), under its own lock. */
  static final class Table {
    final long capacity;
    final int maxSlots;
    final boolean withValues;
    final LongSupplier clock;
    long[] keys;
    int[] deadlines;
    long[] values;
    int used;
    volatile long live;
    int[] expiring;
    long passed;
    long lastRebuild;
    long lastNow;
    long lastFullRebuild = Long.MIN_VALUE / 2;

    /** {@code clock}: milliseconds since the store started; read under the lock, so a stripe's time never goes back. */
    Table(long capacity, boolean withValues, LongSupplier clock, long now) {
      this.clock = clock;
      this.capacity = capacity;
      this.withValues = withValues;
      this.maxSlots = (int) Math.min(Integer.MAX_VALUE - 16, (long) Math.ceil((capacity + 1) / LIVE_LOAD) + 1);
      this.passed = Math.floorDiv(now, UNIT_MS);
      this.lastRebuild = now;
      this.lastNow = now;
    }

    private void allocate(int n) {
      keys = new long[n];
      deadlines = new int[n];
      values = withValues ? new long[n] : null;
      used = 0;
    }

    static int index(long h, int n) {
      return (int) Math.unsignedMultiplyHigh(h, n);
    }

    /** OK, CONFLICT or FULL. */
    synchronized int claim(long h, long value, long ttlMs) {
      long now = Math.max(clock.getAsLong(), lastNow); // never back (a wall clock stepped back keeps values longer)
      lastNow = now;
      if (keys == null) { // a stripe's arrays are made on its first claim: an idle store takes no memory
        allocate(Math.min(MIN_SLOTS, maxSlots));
        expiring = new int[RING];
      }
      return claim(h, value, now, now + ttlMs);
    }

    private int claim(long h, long value, long now, long deadline) {
      advance(now);
      if (now - lastRebuild > MAX_TTL_MS) {
        rebuild(now, true); // no deadline left in the table can be old enough to wrap around
      }
      int nowI = (int) now;
      long[] ks = keys;
      int n = ks.length;
      int i = index(h, n);
      int free = -1;
      for (long k = ks[i]; k != 0; k = ks[i]) {
        int left = deadlines[i] - nowI;
        if (left > 0) {
          if (k == h) {
            if (values == null || value <= values[i]) {
              return CONFLICT;
            }
            forget(now + left);
            values[i] = value;
            deadlines[i] = (int) deadline;
            remember(deadline);
            return OK;
          }
        } else if (free < 0) {
          free = i;
        }
        i = i + 1 == n ? 0 : i + 1;
      }
      if (live >= capacity) {
        return FULL;
      }
      if (free < 0) {
        if (used + 1 > n * USED_LOAD) {
          return rebuild(now, false) ? claim(h, value, now, deadline) : FULL;
        }
        free = i;
        used++;
      }
      keys[free] = h;
      deadlines[free] = (int) deadline;
      if (values != null) {
        values[free] = value;
      }
      remember(deadline);
      return OK;
    }

    /** Drops expired slots into tables sized for the live ones; false when even the largest has no room. */
    private boolean rebuild(long now, boolean forced) {
      if (!forced && now - lastFullRebuild < 100) {
        return false; // found full less than 100 ms ago: do not scan again on every claim
      }
      int nowI = (int) now;
      int liveSlots = 0;
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] != 0 && deadlines[i] - nowI > 0) {
          liveSlots++;
        }
      }
      int n = (int) Math.max(Math.min(MIN_SLOTS, maxSlots), Math.min(maxSlots, (long) Math.ceil((liveSlots + 1) / REBUILT_LOAD)));
      if (!forced && (n == keys.length && liveSlots == used || liveSlots + 1 > n * USED_LOAD)) {
        lastFullRebuild = now;
        return false; // nothing to drop and no larger table allowed: full
      }
      long[] oldKeys = keys;
      int[] oldDeadlines = deadlines;
      long[] oldValues = values;
      allocate(n);
      for (int j = 0; j < oldKeys.length; j++) {
        long k = oldKeys[j];
        if (k != 0 && oldDeadlines[j] - nowI > 0) {
          int i = index(k, n);
          while (keys[i] != 0) {
            i = i + 1 == n ? 0 : i + 1;
          }
          keys[i] = k;
          deadlines[i] = oldDeadlines[j];
          if (values != null) {
            values[i] = oldValues[j];
          }
          used++;
        }
      }
      lastRebuild = now;
      return true;
    }

    /** The ring bucket a deadline is counted in: the first second at whose start it has passed. */
    private long bucket(long deadline) {
      return Math.max(passed + 1, Math.min(Math.ceilDiv(deadline, UNIT_MS), passed + RING));
    }

    private void remember(long deadline) {
      expiring[(int) Math.floorMod(bucket(deadline), (long) RING)]++;
      live = live + 1;
    }

    private void forget(long deadline) {
      long b = Math.ceilDiv(deadline, UNIT_MS);
      if (b > passed && b < passed + RING) { // else it may have been counted in another bucket: left as is (counted high, never low)
        int at = (int) Math.floorMod(b, (long) RING);
        if (expiring[at] > 0) {
          expiring[at]--;
          live = live - 1;
        }
      }
    }

    /** Subtracts the buckets of the seconds that have passed since the last call. */
    private void advance(long now) {
      long sec = Math.floorDiv(now, UNIT_MS);
      if (sec <= passed) {
        return;
      }
      long l = live;
      if (sec - passed >= RING) {
        java.util.Arrays.fill(expiring, 0);
        l = 0;
      } else {
        for (long s = passed + 1; s <= sec; s++) {
          int at = (int) Math.floorMod(s, (long) RING);
          l -= expiring[at];
          expiring[at] = 0;
        }
      }
      live = Math.max(0, l);
      passed = sec;
    }
  }

  /** SipHash-1-3 of {@code s}'s UTF-16 code units (little-endian), keyed by {@code k0, k1}. */
  static long sipHash13(long k0, long k1, String s) {
    long v0 = k0 ^ 0x736f6d6570736575L;
    long v1 = k1 ^ 0x646f72616e646f6dL;
    long v2 = k0 ^ 0x6c7967656e657261L;
    long v3 = k1 ^ 0x7465646279746573L;
    int n = s.length();
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      long m = s.charAt(i) | (long) s.charAt(i + 1) << 16 | (long) s.charAt(i + 2) << 32 | (long) s.charAt(i + 3) << 48;
      v3 ^= m;
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
      v0 ^= m;
    }
    long b = (long) (n * 2) << 56;
    for (int shift = 0; i < n; i++, shift += 16) {
      b |= (long) s.charAt(i) << shift;
    }
    v3 ^= b;
    v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
    v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
    v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
    v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    v0 ^= b;
    v2 ^= 0xff;
    for (int r = 0; r < 3; r++) {
      v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
      v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
      v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
      v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
    }
    return v0 ^ v1 ^ v2 ^ v3;
  }
}
