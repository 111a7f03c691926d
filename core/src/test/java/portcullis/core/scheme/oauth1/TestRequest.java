package portcullis.core.scheme.oauth1;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import portcullis.core.RequestView;
import portcullis.core.internal.Form;

/** A request built in a test: method, raw path, raw query, headers, body. */
final class TestRequest implements RequestView {
  private final String method;
  private final String path;
  private final String query;
  private final Map<String, List<String>> headers = new LinkedHashMap<>();
  private byte[] body = new byte[0];

  TestRequest(String method, String target) {
    this.method = method;
    int q = target.indexOf('?');
    this.path = q < 0 ? target : target.substring(0, q);
    this.query = q < 0 ? "" : target.substring(q + 1);
  }

  TestRequest header(String name, String value) {
    headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
    return this;
  }

  TestRequest body(String form) {
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
