package portcullis.core.scheme.oauth1;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** RFC 5849 §3.4.1: base string URI, parameter normalization and the signature base string. */
public final class BaseString {
  private BaseString() {}

  /**
   * The base string URI (§3.4.1.2): lower-case scheme and host, default port dropped, query and
   * fragment dropped, "/" for an empty path. {@code path} is used as sent (still percent-encoded).
   */
  public static String uri(String scheme, String hostAndPort, String path) {
    String s = scheme.toLowerCase(Locale.ROOT);
    String host = hostAndPort.trim().toLowerCase(Locale.ROOT);
    int colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(']', colon) < 0) {
      String port = host.substring(colon + 1);
      if ((s.equals("http") && port.equals("80")) || (s.equals("https") && port.equals("443")) || port.isEmpty()) {
        host = host.substring(0, colon);
      }
    }
    String p = path == null || path.isEmpty() ? "/" : path;
    int cut = p.indexOf('?');
    if (cut >= 0) {
      p = p.substring(0, cut);
    }
    cut = p.indexOf('#');
    if (cut >= 0) {
      p = p.substring(0, cut);
    }
    return s + "://" + host + (p.isEmpty() ? "/" : p);
  }

  /** The base string URI of an absolute URI such as {@code http://EXAMPLE.COM:80/r%20v/X?id=1}. */
  public static String uri(String absolute) {
    int sep = absolute.indexOf("://");
    String scheme = absolute.substring(0, sep);
    String rest = absolute.substring(sep + 3);
    int slash = rest.indexOf('/');
    int q = rest.indexOf('?');
    int h = rest.indexOf('#');
    int end = rest.length();
    for (int x : new int[] {slash, q, h}) {
      if (x >= 0 && x < end) {
        end = x;
      }
    }
    String path = slash == end ? rest.substring(end) : "/";
    return uri(scheme, rest.substring(0, end), path.replace(" ", "%20"));
  }

  /** The normalized parameters (§3.4.1.3.2): encoded, sorted by name then value, joined. */
  public static String normalize(List<Map.Entry<String, String>> params) {
    List<String[]> enc = new ArrayList<>(params.size());
    for (Map.Entry<String, String> e : params) {
      enc.add(new String[] {Percent.encode(e.getKey()), Percent.encode(e.getValue())});
    }
    enc.sort((a, b) -> {
      int c = a[0].compareTo(b[0]);
      return c != 0 ? c : a[1].compareTo(b[1]);
    });
    StringBuilder b = new StringBuilder(enc.size() * 24);
    for (String[] p : enc) {
      if (!b.isEmpty()) {
        b.append('&');
      }
      b.append(p[0]).append('=').append(p[1]);
    }
    return b.toString();
  }

  /** {@code METHOD&enc(uri)&enc(normalized)} (§3.4.1.1). */
  public static String of(String method, String baseUri, String normalizedParams) {
    return method.toUpperCase(Locale.ROOT) + '&' + Percent.encode(baseUri) + '&' + Percent.encode(normalizedParams);
  }
}
