package portcullis.server.portal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser's part over plain HTTP for the portal's tests: its cookies, forms and their CSRF values; no redirects followed. */
final class PortalClient {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"");
  final String base;
  final Map<String, String> cookies = new LinkedHashMap<>();
  private final HttpClient http;

  PortalClient(String base) {
    this(base, null);
  }

  /** Over HTTPS, trusting {@code tls} (null: plain HTTP). */
  PortalClient(String base, javax.net.ssl.SSLContext tls) {
    this.base = base;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    this.http = (tls == null ? b : b.sslContext(tls)).build();
  }

  HttpResponse<String> get(String path, String... headers) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), headers);
  }

  HttpResponse<String> post(String path, Map<String, String> form, String... headers) {
    StringJoiner j = new StringJoiner("&");
    form.forEach((k, v) -> j.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return send(HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofString(j.toString()))
        .header("Content-Type", "application/x-www-form-urlencoded"), headers);
  }

  private HttpResponse<String> send(HttpRequest.Builder b, String... headers) {
    if (!cookies.isEmpty()) {
      StringJoiner c = new StringJoiner("; ");
      cookies.forEach((k, v) -> c.add(k + "=" + v));
      b.header("Cookie", c.toString());
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      for (String sc : r.headers().allValues("Set-Cookie")) {
        String pair = sc.split(";", 2)[0];
        int eq = pair.indexOf('=');
        String name = pair.substring(0, eq);
        String value = pair.substring(eq + 1);
        if (sc.contains("Max-Age=0") || value.isEmpty()) {
          cookies.remove(name);
        } else {
          cookies.put(name, value);
        }
      }
      return r;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The page's (first) form CSRF value. */
  static String csrf(HttpResponse<String> page) {
    Matcher m = CSRF.matcher(page.body());
    if (!m.find()) {
      throw new AssertionError("no CSRF field on " + page.uri() + ": " + page.body());
    }
    return m.group(1);
  }

  /** Signs in (the form's CSRF value first); returns the answer to the POST. */
  HttpResponse<String> signIn(String email, String password) {
    String csrf = csrf(get("/developers/signin"));
    return post("/developers/signin", Map.of("csrf", csrf, "email", email, "password", password));
  }

  /** The CSRF value of a signed-in page. */
  String csrfOf(String path) {
    return csrf(get(path));
  }

  /** Registers an internal app; returns {key, secret} from the answer page. */
  String[] register(String name) {
    String csrf = csrfOf("/developers/apps/new");
    HttpResponse<String> r = post("/developers/apps/new", Map.of("csrf", csrf, "name", name, "scopes", "read", "kind", "internal"));
    if (r.statusCode() != 201) {
      throw new AssertionError(r.statusCode() + " " + r.body());
    }
    return new String[] {field(r.body(), "client-key"), field(r.body(), "client-secret")};
  }

  static String field(String html, String id) {
    Matcher m = Pattern.compile("id=\"" + id + "\">([^<]*)<").matcher(html);
    if (!m.find()) {
      throw new AssertionError("no #" + id);
    }
    return m.group(1);
  }
}
