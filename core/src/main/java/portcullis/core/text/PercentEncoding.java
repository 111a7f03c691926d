package portcullis.core.text;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding, the one codec of the gateway: the unreserved set {@code A-Z a-z 0-9 -
 * . _ ~} is kept, every other UTF-8 byte becomes {@code %XX} with upper-case hex (RFC 3986 §2.1,
 * RFC 5849 §3.6, the KSig1 canonical request). Decoding reads escapes with ASCII hex digits only;
 * it is either strict ({@link #malformedAt}, {@link #decodeStrict}: a {@code %} not followed by two
 * hex digits is reported) or lenient ({@link #decode}, {@link #decodeBytes}: it stays literal
 * text). Never throws.
 */
public final class PercentEncoding {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private PercentEncoding() {}

  /** How the characters between escapes become bytes when decoding. */
  public enum Literals {
    /** Each character as its UTF-8 bytes (text already decoded, such as a form body read as UTF-8). */
    UTF_8,
    /**
     * As received on the wire: HTTP parsers hand over request lines and header values byte for byte
     * as ISO-8859-1 characters, so a character below U+0100 is that byte; any other character (a
     * caller building a request from decoded text) counts as its UTF-8 bytes.
     */
    WIRE
  }

  /** RFC 3986 §2.3 unreserved: {@code ALPHA / DIGIT / "-" / "." / "_" / "~"}. */
  public static boolean isUnreserved(int c) {
    return c >= 0 && c < 128 && UNRESERVED[c];
  }

  /** {@link #isUnreserved} by table (the comparisons showed in profiles of OAuth 1.0a's base string). */
  private static final boolean[] UNRESERVED = new boolean[128];

  static {
    for (int c = 0; c < 128; c++) {
      UNRESERVED[c] = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
          || c == '~';
    }
  }

  /** The value of an ASCII hex digit (either case), or -1. */
  public static int hexValue(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** Whether {@code s} has a well-formed escape ({@code %} and two hex digits) at {@code i}. */
  public static boolean isEscape(String s, int i) {
    return i + 2 < s.length() && s.charAt(i) == '%' && hexValue(s.charAt(i + 1)) >= 0 && hexValue(s.charAt(i + 2)) >= 0;
  }

  /** The byte an escape at {@code i} stands for; call only where {@link #isEscape} holds. */
  public static int escapedByte(String s, int i) {
    return hexValue(s.charAt(i + 1)) * 16 + hexValue(s.charAt(i + 2));
  }

  /** {@code s} as UTF-8, unreserved characters kept, every other byte {@code %XX}; null is "". */
  public static String encode(String s) {
    if (s == null) {
      return "";
    }
    int n = s.length();
    int plain = 0; // the unreserved prefix, kept as it is
    while (plain < n && isUnreserved(s.charAt(plain))) {
      plain++;
    }
    if (plain == n) {
      return s;
    }
    byte[] bytes = s.substring(plain).getBytes(StandardCharsets.UTF_8);
    return encode(new StringBuilder(plain + bytes.length * 3).append(s, 0, plain), bytes).toString();
  }

  /** Appends {@code bytes} to {@code out}: unreserved bytes as they are, every other as {@code %XX}. */
  public static StringBuilder encode(StringBuilder out, byte[] bytes) {
    for (byte x : bytes) {
      int c = x & 0xff;
      if (isUnreserved(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
    return out;
  }

  /** The index of the first {@code %} not followed by two hex digits, or -1 when every escape is well formed. */
  public static int malformedAt(String s) {
    for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
      if (!isEscape(s, i)) {
        return i;
      }
    }
    return -1;
  }

  /** Strict: the bytes {@code s} stands for (literal text as {@code literals} says), or null when an escape is malformed. */
  public static byte[] decodeStrict(String s, Literals literals) {
    return malformedAt(s) >= 0 ? null : decodeBytes(s, false, literals);
  }

  /** Lenient, as UTF-8 text (U+FFFD for bytes that are not UTF-8): a malformed escape stays literal. */
  public static String decode(String s, boolean plusIsSpace) {
    if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
      return s;
    }
    return new String(decodeBytes(s, plusIsSpace, Literals.UTF_8), StandardCharsets.UTF_8);
  }

  /** Lenient, to bytes: a malformed escape stays literal; {@code plusIsSpace} for form encoding. */
  public static byte[] decodeBytes(String s, boolean plusIsSpace, Literals literals) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == '%' && isEscape(s, i)) {
        out.write(escapedByte(s, i));
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        out.write(' ');
      } else {
        i = literal(out, s, i, literals);
      }
    }
    return out.toByteArray();
  }

  /** The bytes request text stands for, with no escapes decoded (see {@link Literals#WIRE}). */
  public static byte[] wireBytes(String s) {
    int n = s.length();
    boolean latin1 = true;
    for (int i = 0; i < n && latin1; i++) {
      latin1 = s.charAt(i) < 0x100;
    }
    if (latin1) {
      return s.getBytes(StandardCharsets.ISO_8859_1);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(n + 16);
    for (int i = 0; i < n; i++) {
      i = literal(out, s, i, Literals.WIRE);
    }
    return out.toByteArray();
  }

  /** Writes the character at {@code i} as {@code literals} says; returns the index of the last character used. */
  private static int literal(ByteArrayOutputStream out, String s, int i, Literals literals) {
    char c = s.charAt(i);
    if (c < 0x80 || (c < 0x100 && literals == Literals.WIRE)) {
      out.write(c);
      return i;
    }
    // a surrogate pair is one character; UTF_8 (as form decoding always did) takes the char after a
    // high surrogate with it even when it is no low surrogate: lone halves become '?' either way
    int n = s.length();
    boolean pair = Character.isHighSurrogate(c) && i + 1 < n && (literals == Literals.UTF_8 || Character.isLowSurrogate(s.charAt(i + 1)));
    int end = pair ? i + 2 : i + 1;
    out.writeBytes(s.substring(i, end).getBytes(StandardCharsets.UTF_8));
    return end - 1;
  }
}
