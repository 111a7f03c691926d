package portcullis.core.scheme.oauth1;

import portcullis.core.text.PercentEncoding;

/** RFC 5849 §3.6 percent-encoding: RFC 3986's ({@link PercentEncoding}), UTF-8, upper-case hex. */
public final class Percent {
  private Percent() {}

  public static String encode(String s) {
    return PercentEncoding.encode(s);
  }

  /** Percent-decodes as UTF-8; {@code +} stays a plus. Malformed escapes stay literal; never throws. */
  public static String decode(String s) {
    return PercentEncoding.decode(s, false);
  }
}
