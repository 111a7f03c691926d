package portcullis.core.text;

/** Minimal JSON string escaping for the dialects' fixed-shape bodies.. */
public final class Json {
  private Json() {}

  /** Appends {@code s} as a quoted JSON string. */
  public static StringBuilder quote(StringBuilder out, String s) {
    out.append('"');
    int from = 0; // the run of characters since the last escape, appended at once
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String escape = switch (c) {
        case '"' -> "\\\"";
        case '\\' -> "\\\\";
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\t' -> "\\t";
        default -> c < 0x20 || c == 0x2028 || c == 0x2029 ? String.format("\\u%04x", (int) c) : null;
      };
      if (escape != null) {
        out.append(s, from, i).append(escape);
        from = i + 1;
      }
    }
    return out.append(s, from, s.length()).append('"');
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
