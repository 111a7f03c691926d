package portcullis.core.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import portcullis.core.text.PercentEncoding;

/**
 * Lenient {@code application/x-www-form-urlencoded} / query-string decoding: {@code +} is a space,
 * a malformed escape is kept as literal text, never an exception..
 */
public final class Form {
  private Form() {}

  /** Parses {@code a=1&b=2&a=3} into names → values in order of appearance. */
  public static Map<String, List<String>> parse(String s) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (s == null || s.isEmpty()) {
      return out;
    }
    int start = 0;
    while (start <= s.length()) {
      int amp = s.indexOf('&', start);
      if (amp < 0) {
        amp = s.length();
      }
      if (amp > start) {
        String pair = s.substring(start, amp);
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq), true);
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
        out.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
      }
      start = amp + 1;
    }
    return out;
  }

  /** The first value of {@code name}, or null. */
  public static String first(String query, String name) {
    List<String> v = parse(query).get(name);
    return v == null ? null : v.get(0);
  }

  /**
   * Percent-decodes as UTF-8; {@code plusIsSpace} for form encoding. Malformed escapes stay literal
   * ({@link PercentEncoding#decode}).
   */
  public static String decode(String s, boolean plusIsSpace) {
    return PercentEncoding.decode(s, plusIsSpace);
  }

  private static final String FORM_TYPE = "application/x-www-form-urlencoded";

  /**
   * Whether a Content-Type is {@code application/x-www-form-urlencoded}, with or without parameters
   * ({@code ; charset=UTF-8}), in any case, with surrounding whitespace: the one check every reader
   * of form bodies uses (OAuth 1.0a, bearer tokens, the token endpoints, credential stripping).
   */
  public static boolean isFormType(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    return type.equalsIgnoreCase(FORM_TYPE);
  }
}
