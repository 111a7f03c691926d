package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import portcullis.client.OAuth1Signer;

/** Drives the three-legged flow over HTTP with the SDK signer and a cookie-keeping "browser". */
final class OAuth1Flow {
  static final String TEST_YAML = """
      realm: Test Realm
      schemes:
        oauth1:
          allowPlaintextOverHttp: true
      routes:
        - name: whoami
          path: /v2/whoami
          methods: [GET, POST]
          upstream: sample
          schemes: [basic, oauth1]
        - name: write
          path: /v2/write
          methods: [GET]
          upstream: sample
          schemes: [oauth1]
          scopes: [write]
      """;

  final Harness h;

  OAuth1Flow(Harness h) {
    this.h = h;
  }

  /** A browser: follows no redirects, keeps cookies. */
  static HttpClient browser() {
    return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  static Map<String, String> form(String body) {
    Map<String, String> out = new HashMap<>();
    for (String p : body.split("&")) {
      int eq = p.indexOf('=');
      out.put(p.substring(0, eq), java.net.URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  HttpResponse<String> post(HttpClient client, String path, String form) {
    try {
      return client.send(HttpRequest.newBuilder(URI.create(h.base + path)).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(HttpClient client, String path) {
    try {
      return client.send(HttpRequest.newBuilder(URI.create(h.base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** POSTs a header-signed request to an OAuth endpoint. */
  HttpResponse<String> signedPost(OAuth1Signer signer, String path, Map<String, String> extra) {
    URI uri = URI.create(h.base + path);
    String auth = signer.sign("POST", uri, List.of(), extra).authorizationHeader("Test Realm");
    return h.send(HttpRequest.newBuilder(uri).header("Authorization", auth).POST(HttpRequest.BodyPublishers.noBody()));
  }

  HttpResponse<String> signedGet(OAuth1Signer signer, String path) {
    URI uri = URI.create(h.base + path);
    return h.send(HttpRequest.newBuilder(uri).header("Authorization", signer.sign("GET", uri, List.of(), Map.of()).authorizationHeader(null)).GET());
  }

  Map<String, String> requestToken(String key, String secret, Map<String, String> extra) {
    var r = signedPost(OAuth1Signer.builder(key, secret).build(), "/v2/oauth/request_token", extra);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return form(r.body());
  }

  static String csrf(String html) {
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]+)\"").matcher(html);
    assertThat(m.find()).as(html).isTrue();
    return m.group(1);
  }

  /** Opens the authorize page and presses a button; returns the POST's response. */
  HttpResponse<String> decide(HttpClient browser, String token, String email, String password, String action) {
    var page = get(browser, "/v2/oauth/authorize?oauth_token=" + enc(token));
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    return post(browser, "/v2/oauth/authorize", "oauth_token=" + enc(token) + "&csrf=" + csrf(page.body())
        + "&email=" + enc(email) + "&password=" + enc(password) + "&action=" + action);
  }

  /** Request token → approve → access token; returns {oauth_token, oauth_token_secret}. */
  Map<String, String> threeLegged(Harness.TestClient app, Harness.TestAccount user, String scope) {
    Map<String, String> extra = new HashMap<>(Map.of("oauth_callback", "https://app.example.com/cb?x=1"));
    URI uri = URI.create(h.base + "/v2/oauth/request_token" + (scope == null ? "" : "?scope=" + enc(scope)));
    var signer = OAuth1Signer.builder(app.key(), app.secret()).build();
    var rt = h.send(HttpRequest.newBuilder(uri).header("Authorization", signer.sign("POST", uri, List.of(), extra).authorizationHeader(null))
        .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(rt.statusCode()).as(rt.body()).isEqualTo(200);
    Map<String, String> t = form(rt.body());
    var done = decide(browser(), t.get("oauth_token"), user.email(), user.password(), "approve");
    assertThat(done.statusCode()).as(done.body()).isEqualTo(303);
    String location = done.headers().firstValue("Location").orElseThrow();
    assertThat(location).startsWith("https://app.example.com/cb?x=1&oauth_token=" + t.get("oauth_token") + "&oauth_verifier=");
    String verifier = form(location.substring(location.indexOf('?') + 1)).get("oauth_verifier");
    var at = signedPost(OAuth1Signer.builder(app.key(), app.secret()).token(t.get("oauth_token"), t.get("oauth_token_secret")).build(),
        "/v2/oauth/access_token", Map.of("oauth_verifier", verifier));
    assertThat(at.statusCode()).as(at.body()).isEqualTo(200);
    return form(at.body());
  }
}
