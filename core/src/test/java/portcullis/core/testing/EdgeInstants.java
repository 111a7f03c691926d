package portcullis.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * Instants at the edges of a replay window, for property-style tests of single-use values: where
 * a value's timestamp can sit relative to the clock when it is first used, and the later instants
 * at which a replay is tried. Deterministic for a given seed.
 */
public final class EdgeInstants {
  private static final long[] NEAR_MS = {0, 1, 2, 499, 500, 501, 998, 999, 1000, 1001, 1500, 1999, 2000, 2001, 2999, 3000};
  private final Random random;

  public EdgeInstants(long seed) {
    this.random = new Random(seed);
  }

  /**
   * Clock readings for the first use: a whole second, then offsets inside it (the schemes that
   * read seconds truncate them), and random ones.
   */
  public List<Instant> starts(Instant base, int randomCount) {
    List<Instant> out = new ArrayList<>();
    for (long ms : new long[] {0, 1, 499, 500, 999}) {
      out.add(base.plusMillis(ms));
    }
    for (int i = 0; i < randomCount; i++) {
      out.add(base.plusMillis(random.nextInt(86_400_000)).plusNanos(random.nextInt(1_000_000)));
    }
    return out;
  }

  /**
   * Timestamp offsets from the clock at first use, in milliseconds: at, just inside and just
   * outside both edges of the window, zero, and random offsets within it.
   */
  public List<Long> offsets(Duration window, int randomCount) {
    long w = window.toMillis();
    TreeSet<Long> out = new TreeSet<>();
    for (long d : NEAR_MS) {
      out.add(w - d);
      out.add(-(w - d));
      out.add(w + d);
      out.add(-(w + d));
    }
    out.add(0L);
    for (int i = 0; i < randomCount; i++) {
      out.add((long) (random.nextDouble() * 2 * w) - w);
    }
    return new ArrayList<>(out);
  }

  /**
   * Later instants to try a replay at, from {@code start} on: around {@code expiry} (the last
   * instant the timestamp may pass, before rounding) at millisecond steps either side, plus
   * random instants from {@code start} to past the expiry. Sorted, none before {@code start}.
   */
  public List<Instant> later(Instant start, Instant expiry, int randomCount) {
    TreeSet<Instant> out = new TreeSet<>();
    for (long d : NEAR_MS) {
      out.add(expiry.plusMillis(d));
      out.add(expiry.minusMillis(d));
    }
    out.add(expiry.minusNanos(1));
    out.add(expiry.plusMillis(999).plusNanos(999_999));
    out.add(start);
    long span = Math.max(1, Duration.between(start, expiry).toMillis() + 4000);
    for (int i = 0; i < randomCount; i++) {
      out.add(start.plusMillis((long) (random.nextDouble() * span)));
    }
    out.removeIf(t -> t.isBefore(start));
    return new ArrayList<>(out);
  }
}
