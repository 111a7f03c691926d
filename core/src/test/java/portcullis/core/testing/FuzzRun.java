package portcullis.core.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One bounded, seeded fuzz run: how many inputs, from which seed, and what failed. Every input is
 * checked through {@link #check}; {@link #finish} prints {@code fuzz: NAME N inputs, F failures (seed
 * S)} and fails the test with the first failing inputs (escaped) when F is not 0.
 *
 * <p>System properties: {@code -Dfuzz.seed=S} (a number, or {@code random} for a fresh one; default
 * {@value #DEFAULT_SEED}, so CI is reproducible), {@code -Dfuzz.iterations=N} (every run makes N
 * inputs) or {@code -Dfuzz.scale=X} (every run makes X times its default). Each run draws from its
 * own stream (the seed mixed with its name), so one run's inputs do not depend on another's.
 */
public final class FuzzRun {
  public static final long DEFAULT_SEED = 20261203L;
  private static final int KEPT = 5;

  private final String name;
  private final long seed;
  private final int iterations;
  private final SplittableRandom random;
  private int inputs;
  private int failures;
  private final List<String> examples = new ArrayList<>();
  private final java.util.TreeMap<String, Integer> tally = new java.util.TreeMap<>();

  private FuzzRun(String name, long seed, int iterations) {
    this.name = name;
    this.seed = seed;
    this.iterations = iterations;
    this.random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ name.hashCode());
  }

  /** A run called {@code name} of {@code defaultIterations} inputs unless the properties say otherwise. */
  public static FuzzRun of(String name, int defaultIterations) {
    return new FuzzRun(name, seed(), iterations(defaultIterations));
  }

  /** The seed of this JVM's runs: {@code fuzz.seed}, a fresh one for {@code random}, else the default. */
  public static long seed() {
    String s = System.getProperty("fuzz.seed", "").strip();
    if (s.isEmpty()) {
      return DEFAULT_SEED;
    }
    if (s.equalsIgnoreCase("random")) {
      return Holder.RANDOM_SEED;
    }
    return Long.parseLong(s);
  }

  private static final class Holder {
    static final long RANDOM_SEED = System.nanoTime() & 0x7fffffffffffL;
  }

  /** {@code fuzz.iterations} if set, else {@code defaultIterations} times {@code fuzz.scale} (default 1). */
  public static int iterations(int defaultIterations) {
    String n = System.getProperty("fuzz.iterations", "").strip();
    if (!n.isEmpty()) {
      return Integer.parseInt(n);
    }
    double scale = Double.parseDouble(System.getProperty("fuzz.scale", "1").strip());
    return (int) Math.max(1, Math.round(defaultIterations * scale));
  }

  public String name() {
    return name;
  }

  public long seedUsed() {
    return seed;
  }

  /** How many inputs this run makes. */
  public int iterations() {
    return iterations;
  }

  /** This run's random stream (seeded). */
  public SplittableRandom random() {
    return random;
  }

  /** A body that checks one input; anything it throws is a failure of that input. */
  @FunctionalInterface
  public interface Check {
    void run() throws Exception;
  }

  /** Checks one input: counts it, and records a failure when {@code body} throws anything at all. */
  public void check(String input, Check body) {
    inputs++;
    try {
      body.run();
    } catch (Throwable t) {
      failures++;
      if (examples.size() < KEPT) {
        StackTraceElement[] st = t.getStackTrace();
        String where = st.length == 0 ? "" : " at " + st[0];
        examples.add(escape(input, 600) + "\n    -> " + t + where);
      }
    }
  }

  /** Records a failure found outside {@link #check} (say, a log line); {@code input} says what it was. */
  public void fail(String input, String why) {
    failures++;
    if (examples.size() < KEPT) {
      examples.add(escape(input, 600) + "\n    -> " + why);
    }
  }

  /** Counts one answer of kind {@code label} ("ok", a status): the counts are printed, to show how deep the run got. */
  public void tally(String label) {
    tally.merge(label, 1, Integer::sum);
  }

  /** Counts an input that {@link #check} did not see (for runs that check several at once). */
  public void counted(int n) {
    inputs += n;
  }

  public int inputs() {
    return inputs;
  }

  public int failures() {
    return failures;
  }

  /** Prints the counts and fails with the first failing inputs when there were any. */
  public void finish() {
    String line = "fuzz: " + name + " " + inputs + " inputs, " + failures + " failures (seed " + seed + ")"
        + (tally.isEmpty() ? "" : " answers " + tally);
    System.out.println(line);
    summary(line);
    if (failures > 0) {
      throw new AssertionError(line + "; reproduce with -Dfuzz.seed=" + seed + " -Dfuzz.iterations=" + iterations
          + "; first failures:\n  " + String.join("\n  ", examples));
    }
  }

  /**
   * Appends {@code line} to {@code target/fuzz-summary.txt} of the module under test (surefire keeps
   * each test's stdout in its own report file; this one file has every run's counts).
   */
  private static void summary(String line) {
    try {
      java.nio.file.Path target = java.nio.file.Path.of("target");
      if (java.nio.file.Files.isDirectory(target)) {
        java.nio.file.Files.writeString(target.resolve("fuzz-summary.txt"), java.time.Instant.now() + " " + line + "\n",
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      }
    } catch (java.io.IOException e) {
      System.out.println("fuzz: cannot write target/fuzz-summary.txt: " + e);
    }
  }

  /** {@code s} with control, non-ASCII and backslash characters as Java escapes, cut at {@code max}. */
  public static String escape(String s, int max) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        b.append("\\\\");
      } else if (c >= 0x20 && c < 0x7f) {
        b.append(c);
      } else {
        b.append(String.format("\\u%04x", (int) c));
      }
    }
    if (b.length() >= max) {
      b.append("... (").append(s.length()).append(" chars)");
    }
    return b.toString();
  }
}
