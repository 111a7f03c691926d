package portcullis.client;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads the top-level string and number members of a JSON object (what token responses hold);
 * nested values are skipped. Lenient: malformed input yields what was read so far. Not API.
 */
final class FlatJson {
  private final String s;
  private int i;

  private FlatJson(String s) {
    this.s = s;
  }

  static Map<String, String> parse(String json) {
    Map<String, String> out = new HashMap<>();
    if (json == null) {
      return out;
    }
    FlatJson p = new FlatJson(json);
    try {
      p.ws();
      if (!p.eat('{')) {
        return out;
      }
      while (true) {
        p.ws();
        if (p.eat('}') || p.i >= json.length()) {
          return out;
        }
        String name = p.string();
        p.ws();
        if (name == null || !p.eat(':')) {
          return out;
        }
        p.ws();
        String value = p.value();
        if (value != null) {
          out.put(name, value);
        }
        p.ws();
        p.eat(',');
      }
    } catch (RuntimeException e) {
      return out;
    }
  }

  private void ws() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private boolean eat(char c) {
    if (i < s.length() && s.charAt(i) == c) {
      i++;
      return true;
    }
    return false;
  }

  private String string() {
    if (!eat('"')) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    while (i < s.length()) {
      char c = s.charAt(i++);
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\') {
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> b.append('\n');
          case 't' -> b.append('\t');
          case 'r' -> b.append('\r');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'u' -> {
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> b.append(e);
        }
      } else {
        b.append(c);
      }
    }
    return null;
  }

  /** A string or scalar as text; objects and arrays are skipped (null). */
  private String value() {
    if (i >= s.length()) {
      return null;
    }
    char c = s.charAt(i);
    if (c == '"') {
      return string();
    }
    if (c == '{' || c == '[') {
      int depth = 0;
      boolean inString = false;
      while (i < s.length()) {
        char d = s.charAt(i++);
        if (inString) {
          if (d == '\\') {
            i++;
          } else if (d == '"') {
            inString = false;
          }
        } else if (d == '"') {
          inString = true;
        } else if (d == '{' || d == '[') {
          depth++;
        } else if ((d == '}' || d == ']') && --depth == 0) {
          return null;
        }
      }
      return null;
    }
    int start = i;
    while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) {
      i++;
    }
    return s.substring(start, i);
  }
}
