package portcullis.core.testing;

import java.util.Random;

/** Random input for the never-throws properties: the same seed, the same strings. */
public final class Fuzz {
  private Fuzz() {}

  /** Fewer than {@code bound} characters (a length drawn first), each drawn from {@code alphabet}. */
  public static String string(Random r, String alphabet, int bound) {
    StringBuilder b = new StringBuilder();
    for (int n = r.nextInt(bound); n > 0; n--) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }
}
