package portcullis.core.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import portcullis.core.RequestView;
import portcullis.core.text.Form;

/**
 * The one fake {@link RequestView} of the tests: method, raw path, raw query, headers (names matched
 * case-insensitively, values in the order added) and body. Built with {@link #of} or step by step:
 * {@code new TestRequest("POST", "/x?a=1").header("Authorization", v).body("k=v")}.
 */
public final class TestRequest implements RequestView {
  private final String method;
  private final String path;
  private final String query;
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private byte[] body = new byte[0];

  /** A request for {@code target}: the raw path, then {@code ?} and the raw query if any. */
  public TestRequest(String method, String target) {
    this.method = method;
    int q = target.indexOf('?');
    this.path = q < 0 ? target : target.substring(0, q);
    this.query = q < 0 ? "" : target.substring(q + 1);
  }

  private TestRequest(String method, String path, String query) {
    this.method = method;
    this.path = path;
    this.query = query;
  }

  /** A request with the given headers (name, value, ...), method, path, query and body. */
  public static TestRequest of(String method, String path, String query, byte[] body, String... headers) {
    TestRequest r = new TestRequest(method, path, query);
    r.body = body;
    return r.headers(headers);
  }

  /** A GET of {@code /api/whoami} with the given headers (name, value, ...). */
  public static TestRequest get(String... headers) {
    return of("GET", "/api/whoami", "", new byte[0], headers);
  }

  public TestRequest header(String name, String value) {
    headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
    return this;
  }

  /** Adds headers given as name, value, ... */
  public TestRequest headers(String... pairs) {
    for (int i = 0; i < pairs.length; i += 2) {
      header(pairs[i], pairs[i + 1]);
    }
    return this;
  }

  /** A form body, with its Content-Type. */
  public TestRequest body(String form) {
    this.body = form.getBytes(StandardCharsets.UTF_8);
    return header("Content-Type", "application/x-www-form-urlencoded");
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String rawQuery() {
    return query;
  }

  @Override
  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null ? null : v.get(0);
  }

  @Override
  public List<String> headers(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  @Override
  public String queryParam(String name) {
    return Form.first(query, name);
  }

  @Override
  public byte[] body() {
    return body;
  }
}
