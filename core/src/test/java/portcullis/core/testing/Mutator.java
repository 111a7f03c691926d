package portcullis.core.testing;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Mutates well-formed inputs so a fuzz run gets deep: each call takes one of the valid examples
 * and applies one to four edits: a character flipped (to a separator, a control byte, NUL,
 * non-ASCII, a lone surrogate), a separator or dictionary word inserted, a range deleted,
 * duplicated or case-flipped, a splice with another example, a number replaced by an extreme one,
 * a huge run inserted, a cut. Seeded: the same random stream, the same inputs.
 */
public final class Mutator {
  /** Characters that mean something to some parser here. */
  static final String SEPARATORS = " \t,;:=\"\\'/?&#%+-._~*()<>[]{}@!$\r\n\u0000\u0001\u007f";
  static final String[] EXTREMES = {"0", "-1", "00000000", "99999999999999999999", "9223372036854775808", "-9223372036854775809",
      "1e9", "0x10", "NaN", " 1", "+1", "4294967296", "2147483648", "1.5", ""};
  static final String[] ODD = {"%", "%z", "%zz", "%00", "%0a", "%25", "%2F", "%C3%A9", "%E2%28", "%FF", "\r\n", "\n", "\r",
      "\u0000", "\u00e9", "\u00ff", "\u3000", "\ud800", "\udfff", "\ud83d\ude00", "\u202e", "\ufeff", "\u0085", "\u2028",
      "==", "=\"\"", "\"\"", ",,", ";;", "::", "\\\"", "\t\t", " , ", "&&", "?&", "=&="};

  private final SplittableRandom r;
  private final List<String> examples;
  private final String[] dictionary;
  private final boolean latin1;

  /**
   * A mutator of {@code examples} (well-formed inputs), inserting {@code dictionary} words too (a
   * scheme's parameter names, say); with {@code latin1} every character stays in 0-255 (raw bytes).
   */
  public Mutator(SplittableRandom r, List<String> examples, boolean latin1, String... dictionary) {
    if (examples.isEmpty()) {
      throw new IllegalArgumentException("no examples");
    }
    this.r = r;
    this.examples = List.copyOf(examples);
    this.dictionary = dictionary;
    this.latin1 = latin1;
  }

  public Mutator(SplittableRandom r, List<String> examples, String... dictionary) {
    this(r, examples, false, dictionary);
  }

  /** One of the examples, unchanged. */
  public String example() {
    return examples.get(r.nextInt(examples.size()));
  }

  /** A mutant of one of the examples (one in twenty is the example unchanged). */
  public String next() {
    String s = example();
    if (r.nextInt(20) == 0) {
      return s;
    }
    return mutate(s);
  }

  /** One to four edits of {@code s}. */
  public String mutate(String s) {
    int edits = 1 + r.nextInt(r.nextInt(4) + 1);
    for (int i = 0; i < edits; i++) {
      s = edit(s);
    }
    return s;
  }

  private String edit(String s) {
    int n = s.length();
    int at = n == 0 ? 0 : r.nextInt(n + 1);
    switch (r.nextInt(12)) {
      case 0: // flip one character
        if (n > 0) {
          int i = r.nextInt(n);
          return s.substring(0, i) + oddChar() + s.substring(i + 1);
        }
        return String.valueOf(oddChar());
      case 1: // insert a separator
        return s.substring(0, at) + SEPARATORS.charAt(r.nextInt(SEPARATORS.length())) + s.substring(at);
      case 2: // insert an odd sequence
        return s.substring(0, at) + keep(ODD[r.nextInt(ODD.length)]) + s.substring(at);
      case 3: // insert a dictionary word
        if (dictionary.length > 0) {
          return s.substring(0, at) + keep(dictionary[r.nextInt(dictionary.length)]) + s.substring(at);
        }
        return s;
      case 4: { // delete a range
        if (n == 0) {
          return s;
        }
        int from = r.nextInt(n);
        int to = Math.min(n, from + 1 + r.nextInt(Math.min(n - from, 16)));
        return s.substring(0, from) + s.substring(to);
      }
      case 5: { // duplicate a range
        if (n == 0) {
          return s;
        }
        int from = r.nextInt(n);
        int to = Math.min(n, from + 1 + r.nextInt(Math.min(n - from, 32)));
        String part = s.substring(from, to);
        return s.substring(0, to) + part.repeat(1 + r.nextInt(3)) + s.substring(to);
      }
      case 6: { // splice with another example
        String other = example();
        int cut = other.isEmpty() ? 0 : r.nextInt(other.length() + 1);
        return s.substring(0, at) + other.substring(cut);
      }
      case 7: { // replace a run of digits (or any position) by an extreme number
        int i = at;
        while (i < n && !Character.isDigit(s.charAt(i))) {
          i++;
        }
        if (i >= n) {
          return s.substring(0, at) + EXTREMES[r.nextInt(EXTREMES.length)] + s.substring(at);
        }
        int j = i;
        while (j < n && Character.isDigit(s.charAt(j))) {
          j++;
        }
        return s.substring(0, i) + EXTREMES[r.nextInt(EXTREMES.length)] + s.substring(j);
      }
      case 8: { // a huge run
        String unit = r.nextBoolean() ? String.valueOf(SEPARATORS.charAt(r.nextInt(SEPARATORS.length())))
            : n == 0 ? "a" : run(s, r.nextInt(n));
        if (unit.isEmpty()) {
          unit = "A";
        }
        int len = r.nextInt(4) == 0 ? 70_000 : 1 + r.nextInt(9_000);
        return s.substring(0, at) + unit.repeat(Math.max(1, len / unit.length())) + s.substring(at);
      }
      case 9: // cut
        return s.substring(0, at);
      case 10: { // case-flip a range
        if (n == 0) {
          return s;
        }
        int from = r.nextInt(n);
        int to = Math.min(n, from + 1 + r.nextInt(16));
        StringBuilder b = new StringBuilder(s);
        for (int k = from; k < to; k++) {
          char c = b.charAt(k);
          b.setCharAt(k, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
        }
        return keep(b.toString());
      }
      default: { // swap two characters
        if (n < 2) {
          return s;
        }
        int i = r.nextInt(n);
        int j = r.nextInt(n);
        char[] c = s.toCharArray();
        char t = c[i];
        c[i] = c[j];
        c[j] = t;
        return new String(c);
      }
    }
  }

  private String run(String s, int from) {
    return s.substring(from, Math.min(s.length(), from + 1 + r.nextInt(8)));
  }

  private char oddChar() {
    switch (r.nextInt(5)) {
      case 0:
        return (char) r.nextInt(0x20);
      case 1:
        return SEPARATORS.charAt(r.nextInt(SEPARATORS.length()));
      case 2:
        return (char) (0x80 + r.nextInt(0x80));
      case 3:
        return latin1 ? (char) r.nextInt(0x100) : (char) r.nextInt(0x10000);
      default:
        return (char) (0x21 + r.nextInt(0x5e));
    }
  }

  /** {@code s}, its characters over 255 replaced when this mutator makes raw bytes. */
  private String keep(String s) {
    if (!latin1) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(c > 0xff ? (char) (c & 0xff) : c);
    }
    return b.toString();
  }
}
