package portcullis.core.scheme.oauth1;

import java.nio.charset.StandardCharsets;
import portcullis.core.internal.Form;

/** RFC 5849 §3.6 percent-encoding: UTF-8, unreserved {@code A-Za-z0-9-._~} kept, upper-case hex. */
public final class Percent {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Percent() {}

  public static String encode(String s) {
    if (s == null) {
      return "";
    }
    boolean plain = true;
    for (int i = 0; i < s.length() && plain; i++) {
      plain = unreserved(s.charAt(i));
    }
    if (plain) {
      return s;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder b = new StringBuilder(bytes.length * 3);
    for (byte x : bytes) {
      int c = x & 0xff;
      if (c < 0x80 && unreserved((char) c)) {
        b.append((char) c);
      } else {
        b.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
      }
    }
    return b.toString();
  }

  /** Percent-decodes as UTF-8; {@code +} stays a plus. Malformed escapes stay literal; never throws. */
  public static String decode(String s) {
    return Form.decode(s, false);
  }

  static boolean unreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }
}
