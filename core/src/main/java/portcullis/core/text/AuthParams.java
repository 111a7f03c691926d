package portcullis.core.text;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The credentials of an {@code Authorization} header: RFC 9110 §11.2 / RFC 7235 §2.1 {@code
 * auth-param} lists ({@code name=token} or {@code name="quoted \"string\""}, separated by commas,
 * optional whitespace around {@code =} and {@code ,}, empty list elements skipped) and the {@code
 * token68} form. The schemes differ in a few rules (Digest refuses repeated names; OAuth 1.0a keeps
 * names' case, takes any unquoted value up to a separator and needs no commas); each such rule is a
 * {@link Syntax} option, and decoding values (OAuth's percent-encoding) is the caller's post-step.
 * Errors are data ({@link Malformed}), so each scheme words them in its own messages. Never throws.
 */
public final class AuthParams {
  private AuthParams() {}

  /** One parameter as sent: the name (lower-cased unless {@link Syntax#caseSensitiveNames}), the value unquoted. */
  public record Param(String name, String value) {}

  /** What is wrong with a list. */
  public enum Problem {
    /** Something other than a parameter name where one must start ({@link Malformed#position}). */
    UNEXPECTED_CHARACTER,
    /** A name without {@code =value}. */
    NO_VALUE,
    /** A quoted string without its closing quote. */
    UNTERMINATED_QUOTE,
    /** A control character (other than tab) in a quoted string. */
    CONTROL_CHARACTER,
    /** An unquoted value that is empty or not a token. */
    INVALID_VALUE,
    /** A name sent twice (names compared as {@link Param#name} gives them). */
    REPEATED,
    /** Something other than a comma after a value. */
    MISSING_COMMA,
    /** More than {@link Syntax#maxParams} parameters. */
    TOO_MANY
  }

  /** A malformed list: the problem, the parameter it concerns (null for {@link Problem#UNEXPECTED_CHARACTER}) and where it was found. */
  public record Malformed(Problem problem, String name, int position) {}

  /** The parameters in order of appearance, or what is malformed (then {@code params} is null). */
  public record ParamList(List<Param> params, Malformed malformed) {}

  /**
   * The rules of one scheme's list. {@link #STRICT} is RFC 9110's, plus repeated names refused;
   * each {@code with...}/other method returns a copy with one rule relaxed.
   *
   * @param caseSensitiveNames keep names as sent (else lower-cased, RFC 9110 §11.2)
   * @param lenientValues an unquoted value is anything up to a comma, space or tab, possibly empty (else a token)
   * @param controlsAllowed quoted strings may hold control characters (else {@link Problem#CONTROL_CHARACTER})
   * @param commaOptional parameters may be separated by whitespace alone (else {@link Problem#MISSING_COMMA})
   * @param repeatsAllowed a name may appear more than once (else {@link Problem#REPEATED})
   * @param extraTokenChars characters taken as token characters besides RFC 9110 {@code tchar}
   * @param maxParams most parameters accepted ({@link Problem#TOO_MANY} beyond)
   */
  public record Syntax(boolean caseSensitiveNames, boolean lenientValues, boolean controlsAllowed, boolean commaOptional,
      boolean repeatsAllowed, String extraTokenChars, int maxParams) {
    public static final Syntax STRICT = new Syntax(false, false, false, false, false, "", Integer.MAX_VALUE);

    public Syntax withCaseSensitiveNames() {
      return new Syntax(true, lenientValues, controlsAllowed, commaOptional, repeatsAllowed, extraTokenChars, maxParams);
    }

    public Syntax withLenientValues() {
      return new Syntax(caseSensitiveNames, true, controlsAllowed, commaOptional, repeatsAllowed, extraTokenChars, maxParams);
    }

    public Syntax withControlsAllowed() {
      return new Syntax(caseSensitiveNames, lenientValues, true, commaOptional, repeatsAllowed, extraTokenChars, maxParams);
    }

    public Syntax withCommaOptional() {
      return new Syntax(caseSensitiveNames, lenientValues, controlsAllowed, true, repeatsAllowed, extraTokenChars, maxParams);
    }

    public Syntax withRepeatsAllowed() {
      return new Syntax(caseSensitiveNames, lenientValues, controlsAllowed, commaOptional, true, extraTokenChars, maxParams);
    }

    public Syntax withExtraTokenChars(String chars) {
      return new Syntax(caseSensitiveNames, lenientValues, controlsAllowed, commaOptional, repeatsAllowed, chars, maxParams);
    }

    public Syntax withMaxParams(int max) {
      return new Syntax(caseSensitiveNames, lenientValues, controlsAllowed, commaOptional, repeatsAllowed, extraTokenChars, max);
    }

    boolean isToken(char c) {
      return isTchar(c) || extraTokenChars.indexOf(c) >= 0;
    }
  }

  /** RFC 9110 §5.6.2 {@code tchar}: {@code ALPHA / DIGIT / !#$%&'*+-.^_`|~}. */
  public static boolean isTchar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  /**
   * RFC 9110 §11.2 {@code token68} ({@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" )
   * *"="}), the grammar of RFC 6750's {@code b64token} too.
   */
  public static boolean isToken68(String s) {
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/') {
        i++;
      } else {
        break;
      }
    }
    if (i == 0) {
      return false;
    }
    while (i < n && s.charAt(i) == '=') {
      i++;
    }
    return i == n;
  }

  /** Parses the list in {@code s} from {@code from} (just after the auth-scheme word) to the end. */
  public static ParamList parse(String s, int from, Syntax syntax) {
    List<Param> out = new ArrayList<>(12);
    // repeats: a scan of the few names so far; a set only once a list is long (OAuth 1.0a allows 256)
    Set<String> seen = null;
    int n = s.length();
    int i = from;
    while (true) {
      while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
        i++;
      }
      if (i >= n) {
        return new ParamList(out, null);
      }
      int start = i;
      while (i < n && syntax.isToken(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        return bad(Problem.UNEXPECTED_CHARACTER, null, i);
      }
      String name = s.substring(start, i);
      if (!syntax.caseSensitiveNames()) {
        name = name.toLowerCase(Locale.ROOT);
      }
      i = skipWs(s, i);
      if (i >= n || s.charAt(i) != '=') {
        return bad(Problem.NO_VALUE, name, i);
      }
      i = skipWs(s, i + 1);
      String value;
      if (i < n && s.charAt(i) == '"' && plainQuoted(s, i + 1, syntax)) {
        int close = s.indexOf('"', i + 1); // no escape and no control character before it: the value as it stands
        value = s.substring(i + 1, close);
        i = close + 1;
      } else if (i < n && s.charAt(i) == '"') {
        StringBuilder b = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < n) {
          char c = s.charAt(i++);
          if (c == '"') {
            closed = true;
            break;
          }
          if (c == '\\' && i < n) {
            c = s.charAt(i++);
          }
          if (!syntax.controlsAllowed() && (c < 0x20 && c != '\t' || c == 0x7f)) {
            return bad(Problem.CONTROL_CHARACTER, name, i - 1);
          }
          b.append(c);
        }
        if (!closed) {
          return bad(Problem.UNTERMINATED_QUOTE, name, i);
        }
        value = b.toString();
      } else {
        int vs = i;
        if (syntax.lenientValues()) {
          while (i < n && s.charAt(i) != ',' && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
            i++;
          }
        } else {
          while (i < n && syntax.isToken(s.charAt(i))) {
            i++;
          }
          if (i == vs) {
            return bad(Problem.INVALID_VALUE, name, i);
          }
        }
        value = s.substring(vs, i);
      }
      if (!syntax.repeatsAllowed()) {
        if (seen == null && out.size() >= 16) {
          seen = new HashSet<>();
          for (Param p : out) {
            seen.add(p.name());
          }
        }
        if (seen != null ? !seen.add(name) : repeated(out, name)) {
          return bad(Problem.REPEATED, name, start);
        }
      }
      out.add(new Param(name, value));
      if (out.size() > syntax.maxParams()) {
        return bad(Problem.TOO_MANY, name, start);
      }
      i = skipWs(s, i);
      if (!syntax.commaOptional() && i < n && s.charAt(i) != ',') {
        return bad(Problem.MISSING_COMMA, name, i);
      }
    }
  }

  private static boolean repeated(List<Param> out, String name) {
    for (int k = 0; k < out.size(); k++) {
      if (out.get(k).name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the quoted string starting at {@code from} (after its opening quote) is closed and holds
   * no backslash and no character the syntax refuses: then it is its own value, with no copy.
   */
  private static boolean plainQuoted(String s, int from, Syntax syntax) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        return true;
      }
      if (c == '\\' || !syntax.controlsAllowed() && (c < 0x20 && c != '\t' || c == 0x7f)) {
        return false;
      }
    }
    return false;
  }

  private static ParamList bad(Problem problem, String name, int position) {
    return new ParamList(null, new Malformed(problem, name, position));
  }

  private static int skipWs(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }
}
