package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.client.Ksig1Signer;
import portcullis.client.OAuth1Signer;
import portcullis.core.testing.FuzzRun;
import portcullis.core.testing.Mutator;
import portcullis.server.testing.RunningGateway;

/**
 * Issue 18's endpoint fuzz: well-formed requests to every kind of route and gateway endpoint (each
 * scheme's route, the token endpoints, OAuth 1.0a's request-token/authorize/access-token, the admin
 * API with and without its token, the portal's pages and forms, forward-auth, /metrics /healthz
 * /readyz), one part mutated (a header value, a repeated header, the body, the query, the path, the
 * method, the content type), sent over a raw socket with a correct Content-Length. Every request
 * must get one well-formed response within the timeout, never a 5xx, and a 4xx in the route's
 * dialect (the gateway's seed-000 body where it answers before any route: framing, path spellings,
 * 404/405/413/414/431). Counts in the output: {@code fuzz: endpoints ...}.
 */
class EndpointFuzzHttpTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int TIMEOUT_MS = 15_000;

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(Harness.demoYaml().replace("limits:\n",
      "limits:\n  failedLogins: {perIdentityAndIp: 10000, perIp: 1000000, perAccount: 1000000}\n")).afterStop(log -> {
        assertThat(log.warningsAndErrors().lines().filter(l -> !l.contains("generated a master key")))
            .as("nothing the fuzz sends is the gateway's fault: no WARN or ERROR").isEmpty();
        assertThat(log.text()).as("no stack trace logged").doesNotContain("\n\tat ").doesNotContain("Unhandled");
      });
  static final Harness.TestAccount alice = h.accountForClass("alice+fuzz@example.com", "open sesame fuzz");
  static final Harness.TestClient app = h.clientForClass(alice, false, "read");
  static final Harness.TestClient pub = h.clientForClass(alice, true, "read");
  static final Harness.TestAccount victim = h.accountForClass("victim+fuzz@example.com", "victim password");
  static final Harness.TestClient victimApp = h.clientForClass(victim, false, "read");

  /** The body shape a 4xx must have. */
  enum Shape { SEED000, OAUTH2, KEYTOKEN, KSIG1, HTML }

  record Template(String kind, String method, String target, List<String[]> headers, String body, Shape shape) {}

  static final List<Template> TEMPLATES = new ArrayList<>();

  static Template t(String kind, String method, String target, String body, Shape shape, String... headers) {
    List<String[]> hs = new ArrayList<>();
    for (int i = 0; i < headers.length; i += 2) {
      hs.add(new String[] {headers[i], headers[i + 1]});
    }
    Template t = new Template(kind, method, target, hs, body, shape);
    TEMPLATES.add(t);
    return t;
  }

  static String md5(String s) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  static String digestHeader() throws Exception {
    var r = h.get("/v2/whoami", "X-Client-Key", app.key());
    String nonce = null;
    for (String ch : r.headers().allValues("WWW-Authenticate")) {
      Matcher m = Pattern.compile("nonce=\"([^\"]+)\"").matcher(ch);
      if (ch.startsWith("Digest") && ch.contains("algorithm=MD5,") && m.find()) {
        nonce = m.group(1);
      }
    }
    assertThat(nonce).as(r.headers().allValues("WWW-Authenticate").toString()).isNotNull();
    String realm = "Portcullis Demo";
    String ha1 = md5(alice.email() + ":" + realm + ":" + alice.password());
    String response = md5(ha1 + ":" + nonce + ":00000001:c0ffee:auth:" + md5("GET:/v2/whoami"));
    return "Digest username=\"" + alice.email() + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"/v2/whoami\", "
        + "algorithm=MD5, qop=auth, nc=00000001, cnonce=\"c0ffee\", response=\"" + response + "\"";
  }

  @BeforeAll
  static void templates() throws Exception {
    String basic = Harness.basic(alice.email(), alice.password());
    String host = "127.0.0.1:" + h.server.port();
    t("basic", "GET", "/v2/whoami", "", Shape.SEED000, "Authorization", basic, "X-Client-Key", app.key());
    t("basic-query", "GET", "/v2/products?client_key=" + app.key() + "&x=1", "", Shape.SEED000, "Authorization", basic);
    t("basic-account", "GET", "/api/dashboard/whoami", "", Shape.SEED000, "Authorization", basic);
    t("digest", "GET", "/v2/whoami", "", Shape.SEED000, "Authorization", digestHeader(), "X-Client-Key", app.key());
    URI whoami = URI.create(h.base + "/v2/whoami");
    t("oauth1", "GET", "/v2/whoami", "", Shape.SEED000, "Authorization", OAuth1Signer.builder(pub.key(), pub.secret())
        .token("fake-token", "fake-secret").build().sign("GET", whoami, List.of(), Map.of()).authorizationHeader("Portcullis Demo"));

    // OAuth 1.0a endpoints: a real request token, its page, its exchange
    OAuth1Signer consumer = OAuth1Signer.builder(pub.key(), pub.secret()).build();
    URI rtUri = URI.create(h.base + "/v2/oauth/request_token");
    String rtAuth = consumer.sign("POST", rtUri, List.of(), Map.of("oauth_callback", "oob")).authorizationHeader(null);
    var rt = h.send(h.request("/v2/oauth/request_token").header("Authorization", rtAuth)
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
    assertThat(rt.statusCode()).as(rt.body()).isEqualTo(200);
    Map<String, String> rtForm = OAuth1Flow.form(rt.body());
    String requestToken = rtForm.get("oauth_token");
    t("oauth1-request-token", "POST", "/v2/oauth/request_token", "", Shape.SEED000, "Authorization",
        consumer.sign("POST", rtUri, List.of(), Map.of("oauth_callback", "oob")).authorizationHeader(null));
    t("oauth1-request-token-form", "POST", "/v2/oauth/request_token", consumer.sign("POST", rtUri,
        List.of(Map.entry("scope", "read")), Map.of("oauth_callback", "oob")).formEncoded() + "&scope=read", Shape.SEED000,
        "Content-Type", "application/x-www-form-urlencoded");
    var page = h.get("/v2/oauth/authorize?oauth_token=" + requestToken);
    assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
    String cookie = String.join("; ", page.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0]).toList());
    String csrf = OAuth1Flow.csrf(page.body());
    t("oauth1-authorize-page", "GET", "/v2/oauth/authorize?oauth_token=" + requestToken, "", Shape.HTML);
    t("oauth1-authorize-form", "POST", "/v2/oauth/authorize", "oauth_token=" + requestToken + "&csrf=" + csrf + "&email="
        + OAuth1Flow.enc(alice.email()) + "&password=wrong+password&action=approve", Shape.HTML,
        "Content-Type", "application/x-www-form-urlencoded", "Cookie", cookie);
    URI atUri = URI.create(h.base + "/v2/oauth/access_token");
    t("oauth1-access-token", "POST", "/v2/oauth/access_token", "", Shape.SEED000, "Authorization",
        OAuth1Signer.builder(pub.key(), pub.secret()).token(requestToken, rtForm.get("oauth_token_secret")).build()
            .sign("POST", atUri, List.of(), Map.of("oauth_verifier", "0123456789")).authorizationHeader(null));

    // client credentials and bearer
    String clientBasic = Harness.basic(app.key(), app.secret());
    var tok = h.send(h.request("/api/token").header("Authorization", clientBasic).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
    assertThat(tok.statusCode()).as(tok.body()).isEqualTo(200);
    String access = Harness.json(tok).getString("access_token");
    t("token", "POST", "/api/token", "grant_type=client_credentials&scope=read", Shape.OAUTH2,
        "Authorization", clientBasic, "Content-Type", "application/x-www-form-urlencoded");
    t("token-body-auth", "POST", "/api/token", "grant_type=client_credentials&client_id=" + app.key() + "&client_secret=" + app.secret(),
        Shape.OAUTH2, "Content-Type", "application/x-www-form-urlencoded");
    t("token-introspect", "POST", "/api/token/introspect", "token=" + access, Shape.OAUTH2,
        "Authorization", clientBasic, "Content-Type", "application/x-www-form-urlencoded");
    t("token-revoke", "POST", "/api/token/revoke", "token=not-" + access, Shape.OAUTH2,
        "Authorization", clientBasic, "Content-Type", "application/x-www-form-urlencoded");
    t("jwks", "GET", "/.well-known/jwks.json", "", Shape.SEED000);
    t("bearer", "GET", "/api/whoami", "", Shape.OAUTH2, "Authorization", "Bearer " + access);

    // key-tokens
    long ts = System.currentTimeMillis();
    String secretKey = java.util.Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
        .digest((app.secret() + ts).getBytes(StandardCharsets.UTF_8)));
    String exchange = new JsonObject().put("publicKey", app.key()).put("secretKey", secretKey).put("timestamp", ts).encode();
    var kt = h.send(h.request("/v0/tokens").header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(exchange)));
    assertThat(kt.statusCode()).as(kt.body()).isEqualTo(200);
    String keyToken = Harness.json(kt).getString("token");
    t("keytoken-public", "GET", "/v0/products", "", Shape.KEYTOKEN, "Authorization", app.key());
    t("keytoken", "GET", "/v0/whoami", "", Shape.KEYTOKEN, "Authorization", app.key() + ":" + keyToken);
    t("keytoken-exchange", "POST", "/v0/tokens", exchange, Shape.KEYTOKEN, "Content-Type", "application/json");
    t("keytoken-user", "POST", "/v0/users/authenticate", new JsonObject().put("email", alice.email()).put("password", "not it").encode(),
        Shape.KEYTOKEN, "Content-Type", "application/json", "Authorization", app.key());

    // KSig1
    Ksig1Signer signer = new Ksig1Signer(app.key(), app.secret(), java.time.Clock.systemUTC(), null);
    for (String method : List.of("GET", "POST")) {
      byte[] body = method.equals("POST") ? "{\"amount\":100}".getBytes(StandardCharsets.UTF_8) : new byte[0];
      var signed = signer.sign(method, "/api/signed/whoami", "a=1", host, Map.of(), body, System.currentTimeMillis() / 1000,
          "fuzz-" + UUID.randomUUID());
      List<String> hs = new ArrayList<>();
      signed.headers().forEach((k, v) -> {
        if (!k.equalsIgnoreCase("Host")) {
          hs.add(k);
          hs.add(v);
        }
      });
      t("ksig1-" + method, method, "/api/signed/whoami?a=1", new String(body, StandardCharsets.UTF_8), Shape.KSIG1, hs.toArray(String[]::new));
    }

    // admin API, on an account of its own
    String admin = "Bearer " + Harness.ADMIN_TOKEN;
    t("admin-get", "GET", "/admin/accounts/" + victim.id(), "", Shape.SEED000, "Authorization", admin);
    t("admin-no-token", "GET", "/admin/accounts/" + victim.id(), "", Shape.SEED000);
    t("admin-create", "POST", "/admin/accounts", "{\"email\":\"new+fuzz@example.com\",\"password\":\"a long password\"}", Shape.SEED000,
        "Authorization", admin, "Content-Type", "application/json");
    t("admin-client", "POST", "/admin/accounts/" + victim.id() + "/clients", "{\"name\":\"fuzz\",\"scopes\":[\"read\"],\"public\":false}",
        Shape.SEED000, "Authorization", admin, "Content-Type", "application/json");
    t("admin-rate-limit", "PATCH", "/admin/clients/" + victimApp.key(), "{\"rate_limit\":{\"requests\":1000,\"window_seconds\":60}}",
        Shape.SEED000, "Authorization", admin, "Content-Type", "application/json");
    t("admin-throttles", "GET", "/admin/throttles", "", Shape.SEED000, "Authorization", "Bearer wrong-admin-token-000");

    // portal
    var signin = h.get("/developers/signin");
    String portalCookie = String.join("; ", signin.headers().allValues("Set-Cookie").stream().map(c -> c.split(";", 2)[0]).toList());
    String portalCsrf = OAuth1Flow.csrf(signin.body());
    t("portal-signin-page", "GET", "/developers/signin", "", Shape.HTML);
    t("portal-apps", "GET", "/developers", "", Shape.HTML);
    t("portal-signin", "POST", "/developers/signin", "csrf=" + portalCsrf + "&email=" + OAuth1Flow.enc(alice.email())
        + "&password=wrong+one", Shape.HTML, "Content-Type", "application/x-www-form-urlencoded", "Cookie", portalCookie);
    t("portal-signup", "POST", "/developers/signup", "csrf=" + portalCsrf + "&email=fuzz%2Bnew%40example.com&password=a+long+password",
        Shape.HTML, "Content-Type", "application/x-www-form-urlencoded", "Cookie", portalCookie);
    t("portal-new-app", "GET", "/developers/apps/new", "", Shape.HTML);

    // forward-auth, health, metrics
    t("forward-auth", "GET", "/_portcullis/auth", "", Shape.SEED000, "X-Forwarded-Method", "GET", "X-Forwarded-Uri", "/v2/whoami?x=1",
        "X-Forwarded-Host", "api.example.com", "X-Forwarded-Proto", "https", "Authorization", basic, "X-Client-Key", app.key());
    t("forward-auth-keytoken", "GET", "/_portcullis/auth/v0/whoami", "", Shape.KEYTOKEN, "Authorization", app.key() + ":" + keyToken);
    t("metrics", "GET", "/metrics", "", Shape.SEED000);
    t("healthz", "GET", "/healthz", "", Shape.SEED000);
    t("readyz", "GET", "/readyz", "", Shape.SEED000);
  }

  static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT", "PRI", "get", "G\u00e9T",
      "PROPFIND", "X".repeat(40)};
  static final String[] PARTS = {"header", "header", "header", "repeat", "body", "body", "query", "path", "method", "content-type",
      "drop-header", "extra-header"};

  /** A header value or target as the wire allows it inside one line: no CR or LF. */
  static String oneLine(String s) {
    return s.replace('\r', ' ').replace('\n', ' ');
  }

  static String target(String s) {
    return oneLine(s).replace(" ", "%20");
  }

  @Test
  void mutatedRequests_neverServerErrorNeverDroppedAlwaysInDialect() throws Exception {
    FuzzRun run = FuzzRun.of("endpoints", 2_500);
    SplittableRandom r = run.random();
    Mutator words = new Mutator(r, List.of("x"), true, "=", "&", "%", ",", ";", ":", "\"", "Basic ", "Bearer ", "Digest ", "OAuth ");
    for (int i = 0; i < run.iterations(); i++) {
      Template t = TEMPLATES.get(r.nextInt(TEMPLATES.size()));
      String part = PARTS[r.nextInt(PARTS.length)];
      String method = t.method();
      String target = t.target();
      String body = t.body();
      List<String[]> headers = new ArrayList<>();
      t.headers().forEach(hv -> headers.add(hv.clone()));
      switch (part) {
        case "header", "repeat" -> {
          if (headers.isEmpty()) {
            headers.add(new String[] {"Authorization", oneLine(words.mutate("Basic YTpi"))});
          } else {
            String[] one = headers.get(r.nextInt(headers.size()));
            String value = oneLine(words.mutate(one[1]));
            if (part.equals("repeat")) {
              headers.add(new String[] {one[0], value});
            } else {
              one[1] = value;
            }
          }
        }
        case "body" -> body = words.mutate(body.isEmpty() ? "a=1" : body);
        case "query" -> {
          int q = target.indexOf('?');
          String query = q < 0 ? "x=1" : target.substring(q + 1);
          target = (q < 0 ? target : target.substring(0, q)) + "?" + target(words.mutate(query));
        }
        case "path" -> {
          int q = target.indexOf('?');
          String path = q < 0 ? target : target.substring(0, q);
          target = target(words.mutate(path)) + (q < 0 ? "" : target.substring(q));
          if (!target.startsWith("/")) {
            target = "/" + target;
          }
        }
        case "method" -> method = r.nextBoolean() ? METHODS[r.nextInt(METHODS.length)] : oneLine(words.mutate(method)).replace(" ", "");
        case "content-type" -> headers.add(new String[] {"Content-Type", oneLine(words.mutate(r.nextBoolean() ? "application/json"
            : "application/x-www-form-urlencoded; charset=utf-8"))});
        case "drop-header" -> {
          if (!headers.isEmpty()) {
            headers.remove(r.nextInt(headers.size()));
          }
        }
        default -> headers.add(new String[] {r.nextBoolean() ? "X-HTTP-Method-Override" : r.nextBoolean() ? "Expect" : "X-Forwarded-For",
            oneLine(words.mutate(r.nextBoolean() ? "DELETE" : r.nextBoolean() ? "100-continue" : "10.0.0.1, 127.0.0.1"))});
      }
      if (method.isEmpty() || target.length() > 20_000) {
        method = method.isEmpty() ? "GET" : method;
        target = target.substring(0, Math.min(target.length(), 20_000));
      }
      StringBuilder req = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1:")
          .append(h.server.port()).append("\r\n");
      for (String[] hv : headers) {
        req.append(hv[0]).append(": ").append(hv[1]).append("\r\n");
      }
      if (!body.isEmpty() || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
        req.append("Content-Length: ").append(body.length()).append("\r\n");
      }
      req.append("Connection: close\r\n\r\n").append(body);
      String request = req.toString();
      boolean headRequest = method.equals("HEAD");
      boolean routeIntact = !part.equals("path") && !part.equals("method");
      run.check(t.kind() + " / " + part + ": " + request, () -> {
        RawHttp.Exchange x = RawHttp.exchange(h.server.port(), request, TIMEOUT_MS, headRequest);
        check(x, t, routeIntact, headRequest);
        run.tally(t.kind().startsWith("admin") || t.kind().startsWith("portal") ? x.first().status() / 100 + "xx" : "" + x.first().status());
      });
    }
    run.finish();
  }

  /** One well-formed response, in time, not a 5xx; a 4xx in the template's dialect (or the gateway's, before any route). */
  static void check(RawHttp.Exchange x, Template t, boolean routeIntact, boolean head) throws Exception {
    if (x.responses().isEmpty()) {
      throw new AssertionError(x.timedOut() ? "no response within " + TIMEOUT_MS + " ms (hang)"
          : "connection closed without a response (" + x.bytes() + " bytes: " + x.malformed() + ")");
    }
    if (x.malformed() != null) {
      throw new AssertionError("malformed response: " + x.malformed());
    }
    if (x.timedOut()) {
      throw new AssertionError("the connection stayed open after the response to a Connection: close request");
    }
    RawHttp.Response resp = x.first();
    String text = resp.text();
    if (text.contains("\tat ") || text.contains("Exception")) {
      throw new AssertionError("a stack trace in the body: " + text);
    }
    int s = resp.status();
    if (s >= 500) {
      throw new AssertionError("status " + s + ": " + text);
    }
    if (s < 400 || head) {
      return;
    }
    Shape shape = shape(resp);
    if (shape == t.shape()) {
      return;
    }
    boolean gateway = shape == Shape.SEED000 && (s == 404 || s == 405 || s == 413 || s == 414 || s == 431 || resp.closes()
        || text.contains("\"message\":\"Bad Request\""));
    if (!routeIntact ? shape == null : !gateway) {
      throw new AssertionError("a " + s + " in " + shape + ", expected " + t.shape() + ": " + text);
    }
  }

  /** Which dialect a 4xx body is in, or null when none. */
  static Shape shape(RawHttp.Response resp) {
    String type = String.valueOf(resp.header("content-type"));
    if (type.startsWith("text/html")) {
      return new String(resp.body(), StandardCharsets.UTF_8).contains("<html") ? Shape.HTML : null;
    }
    JsonNode j;
    try {
      j = JSON.readTree(resp.body());
    } catch (Exception e) {
      return null;
    }
    if (j == null || !j.isObject() || !type.startsWith("application/json")) {
      return null;
    }
    if (j.path("status").isInt() && j.path("status").asInt() == resp.status() && j.path("message").isTextual() && j.has("additional")
        && j.path("reference").isTextual()) {
      return Shape.SEED000;
    }
    if (j.path("error").isTextual()) {
      return Shape.OAUTH2;
    }
    JsonNode e = j.path("errors").path(0);
    if (j.path("status").isBoolean() && !j.path("status").asBoolean() && e.path("code").isInt() && e.path("message").isTextual()) {
      return Shape.KEYTOKEN;
    }
    if (e.path("code").isTextual() && e.path("message").isTextual()) {
      return Shape.KSIG1;
    }
    return null;
  }
}
