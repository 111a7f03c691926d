package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;

import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.client.Ksig1Signer;
import portcullis.client.OAuth1Signer;
import portcullis.server.testing.EchoUpstream;
import portcullis.server.testing.RunningGateway;

/**
 * Forward-auth behind a real nginx configured with the very block docs/forward-auth.md shows, in
 * front of a recording upstream: every scheme passes with the identity it proved, and the attacks
 * of the security review (a client's own X-Forwarded-Uri / X-Forwarded-Method choosing the route,
 * spoofed X-Portcullis-* headers, credentials reaching the upstream) fail. Also the direct calls in
 * the Traefik and Envoy styles, and the refusal of callers that are not trusted proxies.
 */
class ForwardAuthTest {
  static final String EXTRA_ROUTES = """
        - name: admin-area
          path: /api/admin/**
          methods: [GET]
          upstream: sample
          schemes: [basic]
          scopes: [admin]
        - name: getonly
          path: /api/getonly
          methods: [GET]
          upstream: sample
          schemes: [basic]
        - name: api-any
          path: /api/**
          methods: [GET, POST]
          upstream: sample
          schemes: [basic]
        - name: digest-first
          path: /d/whoami
          methods: [GET]
          upstream: sample
          schemes: [digest]
      """;
  @RegisterExtension
  @Order(1)
  static final EchoUpstream upstream = EchoUpstream.echo();

  @RegisterExtension
  @Order(2)
  static final RunningGateway h = RunningGateway.of(Harness.demoYaml() + EXTRA_ROUTES);
  static final Harness.TestAccount a = h.accountForClass();
  static final Harness.TestClient c = h.clientForClass(a, false, "read");
  static Process nginx;
  static int nginxPort;
  static Path dir;

  /** nginx in front of both, once they run. */
  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("portcullis-nginx");
    try (ServerSocket s = new ServerSocket(0)) {
      nginxPort = s.getLocalPort();
    }
    String user = "root".equals(System.getProperty("user.name")) ? "user root root;\n" : "";
    Files.writeString(dir.resolve("nginx.conf"), user + """
        worker_processes 1;
        daemon off;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 64; }
        http {
          access_log off;
          client_body_temp_path %1$s; proxy_temp_path %1$s; fastcgi_temp_path %1$s; uwsgi_temp_path %1$s; scgi_temp_path %1$s;
        %2$s
        }
        """.formatted(dir, documentedSnippet()));
    String bin = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
    nginx = new ProcessBuilder(bin, "-p", dir.toString(), "-c", dir.resolve("nginx.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    for (int i = 0; i < 50; i++) {
      try (var sock = new java.net.Socket("127.0.0.1", nginxPort)) {
        break;
      } catch (java.io.IOException e) {
        Thread.sleep(100);
      }
    }
  }

  /** The nginx block of docs/forward-auth.md, with this test's addresses. */
  static String documentedSnippet() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "forward-auth.md"));
    Matcher m = Pattern.compile("```nginx\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(m.find()).as("docs/forward-auth.md has an nginx block").isTrue();
    String block = m.group(1);
    assertThat(block).contains("127.0.0.1:9000", "listen 80;", "127.0.0.1:8080");
    return block.replace("127.0.0.1:9000", "127.0.0.1:" + upstream.port())
        .replace("listen 80;", "listen 127.0.0.1:" + nginxPort + ";")
        .replace("127.0.0.1:8080", "127.0.0.1:" + h.server.port());
  }

  @AfterAll
  static void stop() {
    if (nginx != null) {
      nginx.destroy();
    }
  }

  static String viaNginx(String path) {
    return "http://127.0.0.1:" + nginxPort + path;
  }

  /** curl through nginx; [body, status]. */
  static String[] curl(String... args) {
    return Harness.curl(args);
  }

  /** What the upstream received, from its echo. */
  static JsonObject received(String[] out) {
    assertThat(out[1]).as(out[0]).isEqualTo("200");
    return new JsonObject(out[0]);
  }

  static void assertIdentity(JsonObject got, String account, String client, String scheme) {
    JsonObject hd = got.getJsonObject("headers");
    assertThat(hd.getString("x-portcullis-account")).isEqualTo(account);
    assertThat(hd.getString("x-portcullis-client")).isEqualTo(client);
    assertThat(hd.getString("x-portcullis-scheme")).isEqualTo(scheme);
    for (String credential : List.of("authorization", "x-client-key", "x-app-key", "x-api-key", "x-api-auth-token", "x-portcullis-uri")) {
      assertThat(hd.containsKey(credential)).as(credential + " reached the upstream: " + hd).isFalse();
    }
  }

  @Test
  void basic_passesWithIdentity_credentialsStayInNginx() {
    JsonObject got = received(curl("-u", a.email() + ":" + a.password(), "-H", "X-Client-Key: " + c.key(), viaNginx("/v2/whoami?x=1")));
    assertIdentity(got, a.id(), c.key(), "basic");
    assertThat(got.getString("uri")).isEqualTo("/v2/whoami?x=1");
    assertThat(got.getJsonObject("headers").getString("x-portcullis-scopes")).isEqualTo("read");
  }

  @Test
  void clientKeyInTheQuery_strippedFromWhatTheUpstreamGets() {
    JsonObject got = received(curl("-u", a.email() + ":" + a.password(), viaNginx("/v2/whoami?client_key=" + c.key() + "&x=1")));
    assertIdentity(got, a.id(), c.key(), "basic");
    assertThat(got.getString("uri")).isEqualTo("/v2/whoami?x=1");
  }

  @Test
  void wrongPassword_401WithChallenge_upstreamNotCalled() {
    int before = upstream.calls();
    String[] out = curl("-D", "-", "-u", a.email() + ":wrong", "-H", "X-Client-Key: " + c.key(), viaNginx("/v2/whoami"));
    assertThat(out[1]).isEqualTo("401");
    assertThat(out[0]).containsIgnoringCase("WWW-Authenticate: Digest"); // nginx passes the first: Digest's, by default
    assertThat(upstream.calls()).isEqualTo(before);
  }

  @Test
  void digest_curlAnswersTheChallengeThroughNginx() {
    JsonObject got = received(curl("--digest", "-u", a.email() + ":" + a.password(), "-H", "X-Client-Key: " + c.key(), viaNginx("/d/whoami")));
    assertIdentity(got, a.id(), c.key(), "digest");
  }

  @Test
  void bearer_tokenFromTheGateway_acceptedThroughNginx() {
    var t = h.send(h.request("/api/token").header("Content-Type", "application/x-www-form-urlencoded")
        .header("Authorization", basic(c.key(), c.secret())).POST(java.net.http.HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
    assertThat(t.statusCode()).as(t.body()).isEqualTo(200);
    String token = new JsonObject(t.body()).getString("access_token");
    assertIdentity(received(curl("-H", "Authorization: Bearer " + token, viaNginx("/api/whoami"))), a.id(), c.key(), "bearer");
  }

  @Test
  void keyToken_publicKeyAlone_onlyWhereTheRouteAllowsIt() {
    JsonObject got = received(curl("-H", "Authorization: " + c.key(), viaNginx("/v0/products")));
    assertIdentity(got, a.id(), c.key(), "keytoken-public");
    // the attack: the client's own X-Forwarded-Uri named the public route while asking for /v0/whoami
    int before = upstream.calls();
    String[] out = curl("-H", "Authorization: " + c.key(), "-H", "X-Forwarded-Uri: /v0/products", "-H", "X-Original-URI: /v0/products",
        viaNginx("/v0/whoami"));
    assertThat(out[1]).as(out[0]).isNotEqualTo("200");
    assertThat(upstream.calls()).isEqualTo(before);
  }

  @Test
  void ksig1_signedForNginxsAddress_passes() {
    Ksig1Signer signer = new Ksig1Signer(c.key(), c.secret(), Clock.systemUTC(), null);
    URI uri = URI.create(viaNginx("/api/signed/whoami?q=1"));
    List<String> args = new ArrayList<>();
    signer.sign("GET", uri, Map.of(), new byte[0]).headers().forEach((k, v) -> {
      args.add("-H");
      args.add(k + ": " + v);
    });
    args.add(uri.toString());
    JsonObject got = received(curl(args.toArray(String[]::new)));
    assertIdentity(got, a.id(), c.key(), "ksig1");
    assertThat(got.getString("uri")).isEqualTo("/api/signed/whoami?q=1");
  }

  @Test
  void oauth1_signedForNginxsAddress_passes() {
    Harness.TestClient app = h.client(a, true, "read");
    Map<String, String> access = new OAuth1Flow(h).threeLegged(app, a, null);
    OAuth1Signer signer = OAuth1Signer.builder(app.key(), app.secret()).token(access.get("oauth_token"), access.get("oauth_token_secret")).build();
    URI uri = URI.create(viaNginx("/v2/whoami?x=1"));
    String auth = signer.sign("GET", uri, List.of(), Map.of()).authorizationHeader(null);
    JsonObject got = received(curl("-H", "Authorization: " + auth, uri.toString()));
    assertIdentity(got, a.id(), app.key(), "oauth1");
  }

  @Test
  void clientsForwardedUri_cannotChooseAnotherRoute() {
    int before = upstream.calls();
    String[] out = curl("-u", a.email() + ":" + a.password(), "-H", "X-Client-Key: " + c.key(),
        "-H", "X-Forwarded-Uri: /api/anything", "-H", "X-Forwarded-Method: GET", viaNginx("/api/admin/secret"));
    assertThat(out[1]).as(out[0]).isEqualTo("403"); // checked as /api/admin/secret: scope admin missing
    assertThat(upstream.calls()).isEqualTo(before);
  }

  @Test
  void clientsForwardedMethod_cannotTurnADeleteIntoAGet() {
    int before = upstream.calls();
    String[] out = curl("-X", "DELETE", "-u", a.email() + ":" + a.password(), "-H", "X-Client-Key: " + c.key(),
        "-H", "X-Forwarded-Method: GET", viaNginx("/api/getonly"));
    assertThat(out[1]).as(out[0]).isNotEqualTo("200"); // 405 from Portcullis, which nginx answers as 500
    assertThat(upstream.calls()).isEqualTo(before);
    JsonObject ok = received(curl("-u", a.email() + ":" + a.password(), "-H", "X-Client-Key: " + c.key(), viaNginx("/api/getonly")));
    assertThat(ok.getString("method")).isEqualTo("GET");
  }

  @Test
  void spoofedIdentityHeaders_replacedOrCleared() {
    JsonObject got = received(curl("-H", "Authorization: " + c.key(), "-H", "X-Portcullis-Account: someone-else",
        "-H", "X-Portcullis-Scopes: admin", "-H", "X-Portcullis-Scheme: basic", "-H", "X-Portcullis-Uri: /evil",
        "-H", "X-HTTP-Method-Override: DELETE", viaNginx("/v0/products")));
    assertIdentity(got, a.id(), c.key(), "keytoken-public");
    assertThat(got.getJsonObject("headers").containsKey("x-http-method-override")).isFalse();
    assertThat(got.getString("uri")).isEqualTo("/v0/products");
  }

  @Test
  void traefikStyle_headersDescribeTheOriginal() {
    var r = h.get("/_portcullis/auth", "X-Forwarded-Method", "GET", "X-Forwarded-Uri", "/v2/whoami?x=1&client_key=" + c.key(),
        "Authorization", basic(a.email(), a.password()));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Portcullis-Account")).hasValue(a.id());
    assertThat(r.headers().firstValue("X-Portcullis-Scopes")).hasValue("read");
    assertThat(r.headers().firstValue("X-Portcullis-Uri")).hasValue("/v2/whoami?x=1");
    var noKey = h.get("/_portcullis/auth", "X-Forwarded-Method", "GET", "X-Forwarded-Uri", "/v2/whoami",
        "Authorization", basic(a.email(), a.password()));
    assertThat(noKey.statusCode()).isEqualTo(400);
    assertThat(noKey.body()).contains("Must give an app key");
  }

  @Test
  void envoyStyle_pathPrefix() {
    var r = h.get("/_portcullis/auth/v2/whoami", "Authorization", basic(a.email(), a.password()), "X-Client-Key", c.key());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Portcullis-Client")).hasValue(c.key());
  }

  @Test
  void accountOnlyRoute_clientHeaderSentEmpty() {
    var r = h.get("/_portcullis/auth/api/dashboard/whoami", "Authorization", basic(a.email(), a.password()));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("X-Portcullis-Client")).hasValue("");
  }

  @Test
  void missingOrOldOriginalHeaders_400_unknownRoute_404() {
    assertThat(h.get("/_portcullis/auth").statusCode()).isEqualTo(400);
    assertThat(h.get("/_portcullis/auth", "X-Forwarded-Uri", "/v2/whoami").statusCode()).isEqualTo(400); // no method
    var old = h.get("/_portcullis/auth", "X-Original-URI", "/v2/whoami", "X-Original-Method", "GET");
    assertThat(old.statusCode()).isEqualTo(400);
    assertThat(old.body()).contains("X-Forwarded-Method and X-Forwarded-Uri only");
    assertThat(h.get("/_portcullis/auth", "X-Forwarded-Method", "GET", "X-Forwarded-Uri", "/nope").statusCode()).isEqualTo(404);
    assertThat(h.get("/_portcullis/auth", "X-Forwarded-Method", "GET", "X-Forwarded-Uri", "/v2/../admin").statusCode()).isEqualTo(400);
  }

  @Test
  void callerNotATrustedProxy_403() {
    try (Harness plain = Harness.start("""
        routes:
          - path: /v2/whoami
            upstream: sample
            schemes: [basic]
        """)) {
      var r = plain.get("/_portcullis/auth/v2/whoami", "Authorization", basic("x@example.com", "pw"));
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(r.body()).contains("limits.trustedProxies").contains("127.0.0.1 is not one");
      var r2 = plain.get("/_portcullis/auth", "X-Forwarded-Method", "GET", "X-Forwarded-Uri", "/v2/whoami");
      assertThat(r2.statusCode()).isEqualTo(403);
    }
  }
}
