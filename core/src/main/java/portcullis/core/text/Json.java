package portcullis.core.text;

/** Minimal JSON string escaping for the dialects' fixed-shape bodies.. */
public final class Json {
  private Json() {}

  /** Appends {@code s} as a quoted JSON string. */
  public static StringBuilder quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"');
  }

  /** Appends {@code ,"name":"value"} for each entry (the extra body fields a failure carries). */
  public static StringBuilder members(StringBuilder out, java.util.Map<String, String> fields) {
    for (var e : fields.entrySet()) {
      quote(out.append(','), e.getKey()).append(':');
      quote(out, e.getValue());
    }
    return out;
  }

  public static String quote(String s) {
    return quote(new StringBuilder(s.length() + 2), s).toString();
  }
}
