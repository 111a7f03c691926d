package portcullis.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import portcullis.core.RequestView;

/**
 * A request held in memory for the code-path benchmarks: one value per header, names matched
 * case-insensitively (stored lower-case).
 *
 * @param lowerCaseHeaders header values by lower-case name
 */
record BenchRequest(String method, String path, String rawQuery, byte[] body, Map<String, String> lowerCaseHeaders)
    implements RequestView {

  /** A request with headers given by any-case name. */
  static BenchRequest of(String method, String path, String query, byte[] body, Map<String, String> headers) {
    Map<String, String> lower = new HashMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
    return new BenchRequest(method, path, query, body, lower);
  }

  @Override
  public String header(String name) {
    return lowerCaseHeaders.get(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public List<String> headers(String name) {
    String v = header(name);
    return v == null ? List.of() : List.of(v);
  }

  @Override
  public String queryParam(String name) {
    List<String> all = queryParams(name);
    return all.isEmpty() ? null : all.get(0);
  }
}
