package portcullis.server.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The {@code Date} header value, formatted at most once a second. Thread-safe. */
final class HttpDate {
  private record Stamp(long second, String value) {}

  private static volatile Stamp stamp = new Stamp(-1, "");

  private HttpDate() {}

  static String now() {
    long s = System.currentTimeMillis() / 1000;
    Stamp st = stamp;
    if (st.second() != s) {
      st = new Stamp(s, DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochSecond(s).atOffset(ZoneOffset.UTC)));
      stamp = st;
    }
    return st.value();
  }
}
