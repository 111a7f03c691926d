package portcullis.server.admin;

/** The rule for client (app) names: they are shown to account holders on the OAuth pages. */
public final class ClientNames {
  private ClientNames() {}

  /** A client's name is shown to account holders (OAuth authorize page): at most this many characters. */
  static final int MAX = 200;

  /**
   * Why {@code raw} is not a client name, or null when it is one: a string that is not blank once
   * trimmed, at most {@link #MAX} characters, without control, bidirectional-override or
   * line-separator characters, or broken surrogate pairs (names are shown on the OAuth pages).
   */
  public static String problem(Object raw) {
    if (!(raw instanceof String s) || s.isBlank()) {
      return "\"name\" is required: the app's name as account holders will see it, such as \"My tool\".";
    }
    String name = s.strip();
    if (name.length() > MAX) {
      return "\"name\" must be at most " + MAX + " characters, was " + name.length() + ".";
    }
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      int type = Character.getType(cp);
      if (type == Character.CONTROL || type == Character.SURROGATE || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
        return "\"name\" must not contain control, bidirectional-override or line-separator characters or broken surrogate pairs,"
            + " found U+" + String.format("%04X", cp) + ".";
      }
      i += Character.charCount(cp);
    }
    return null;
  }
}
