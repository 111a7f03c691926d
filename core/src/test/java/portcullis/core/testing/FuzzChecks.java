package portcullis.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import portcullis.core.Dialect;
import portcullis.core.Failure;
import portcullis.core.Outcome;
import portcullis.core.Result;

/** What every fuzzed input must give: a value, or a well-formed 4xx in the scheme's dialect. */
public final class FuzzChecks {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FuzzChecks() {}

  /** {@code o} is an identity, or a rejection {@link #wellFormed} in {@code dialect}; returns "ok" or the status. */
  public static String outcome(Outcome o, Dialect dialect) {
    if (o == null) {
      throw new AssertionError("null outcome");
    }
    if (o instanceof Outcome.Rejected rejected) {
      wellFormed(rejected.failure(), dialect);
      return Integer.toString(rejected.failure().status());
    }
    if (o instanceof Outcome.Authenticated a && a.identity() == null) {
      throw new AssertionError("authenticated without an identity");
    }
    return "ok";
  }

  /** {@code r} is a value, or a rejection {@link #wellFormed} in {@code dialect}; returns "ok" or the status. */
  public static String result(Result<?> r, Dialect dialect) {
    if (r == null) {
      throw new AssertionError("null result");
    }
    if (!r.isOk()) {
      wellFormed(r.failure(), dialect);
      return Integer.toString(r.failure().status());
    }
    return "ok";
  }

  /**
   * A 4xx of {@code dialect} (null: any dialect) whose body renders as a JSON object, and whose
   * headers hold no control characters (no response splitting).
   */
  public static void wellFormed(Failure f, Dialect dialect) {
    if (f.status() < 400 || f.status() > 499) {
      throw new AssertionError("status " + f.status() + ": " + f.logDetail());
    }
    if (dialect != null && f.dialect() != dialect) {
      throw new AssertionError("dialect " + f.dialect().id() + ", expected " + dialect.id() + ": " + f.logDetail());
    }
    byte[] body = f.dialect().render(f, "ref-1");
    JsonNode tree;
    try {
      tree = JSON.readTree(new String(body, StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new AssertionError("body is not JSON: " + new String(body, StandardCharsets.UTF_8), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new AssertionError("body is not a JSON object: " + new String(body, StandardCharsets.UTF_8));
    }
    for (Map.Entry<String, String> h : f.headers()) {
      for (String part : new String[] {h.getKey(), h.getValue()}) {
        for (int i = 0; i < part.length(); i++) {
          char c = part.charAt(i);
          if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
            throw new AssertionError("header " + h.getKey() + " carries character " + (int) c + ": " + FuzzRun.escape(part, 200));
          }
        }
      }
    }
  }
}
