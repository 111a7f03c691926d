package portcullis.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;
import static portcullis.server.Harness.json;

import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.Harness;
import portcullis.server.testing.RunningGateway;
import portcullis.server.testing.TestPki;

/**
 * The gateway terminating TLS itself (listen.tls) with a throwaway CA: curl and the JDK client over
 * TLS 1.3 and HTTP/2, TLS 1.2, HSTS, the HTTP-to-HTTPS redirect, the expiry gauge, client
 * certificates as credentials (the mtls scheme, mtls.bind, RFC 8705 certificate-bound tokens) and
 * forward-auth reading the certificate from the TLS terminator's header.
 */
public class TlsHttpTest {
  static final TestPki pki = TestPki.create("main");
  static final TestPki stranger = TestPki.create("stranger");
  static final TestPki.Issued server = pki.server(pki.dir.resolve("tls"), 10);
  static final TestPki.Issued aliceCert = pki.client("alice app");
  static final TestPki.Issued bobCert = pki.client("bob app");
  static final TestPki.Issued strangerCert = stranger.client("stranger");
  static final int redirectPort = freePort();

  static String yaml() {
    return tlsYaml(server, pki, "optional", redirectPort) + """
          - name: mtls-whoami
            path: /v2/mtls/whoami
            schemes: [mtls]
          - name: bound-whoami
            path: /v2/bound/whoami
            clientKey: required
            schemes: [basic, bearer]
            options: {mtls.bind: "true"}
        forwardAuth:
          clientCertificateHeader: X-Client-Cert
        """;
  }

  /** The demo's configuration listening with TLS: {@code server}'s files, client certificates of {@code ca}. */
  public static String tlsYaml(TestPki.Issued server, TestPki ca, String clientAuth, int redirectPort) {
    String listen = "listen:\n  host: 127.0.0.1\n  port: 8080\n"
        + (redirectPort == 0 ? "" : "  redirectHttpPort: " + redirectPort + "\n")
        + "  tls:\n    certificate: " + server.certificate() + "\n    privateKey: " + server.key() + "\n"
        + (ca == null ? "" : "    clientCa: " + ca.caCert + "\n    clientAuth: " + clientAuth + "\n")
        + "    hsts: \"max-age=31536000; includeSubDomains\"\n";
    String demo = Harness.demoYaml();
    assertThat(demo).contains("listen:\n  host: 127.0.0.1\n  port: 8080\n");
    return demo.replace("listen:\n  host: 127.0.0.1\n  port: 8080\n", listen);
  }

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(TlsHttpTest::yaml).overTls(() -> pki.context(null));
  static final Harness.TestAccount alice = h.accountForClass();
  static final Harness.TestClient app = h.clientForClass(alice, false, "read");
  static final Harness.TestClient otherApp = h.clientForClass(alice, false, "read");

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String https(String path) {
    return "https://127.0.0.1:" + h.server.port() + path;
  }

  private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder b) {
    try {
      return client.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpClient client(TestPki.Issued cert) {
    return HttpClient.newBuilder().sslContext(pki.context(cert)).version(HttpClient.Version.HTTP_2).build();
  }

  private static void bind(Harness.TestClient c, TestPki.Issued cert) {
    var r = h.admin("POST", "/admin/clients/" + c.key() + "/certificates", new JsonObject().put("thumbprint", cert.thumbprint()));
    assertThat(r.statusCode()).as(r.body()).isIn(201);
  }

  private static String[] curl(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("--cacert", pki.caCert.toString()));
    all.addAll(List.of(args));
    return Harness.curl(all.toArray(String[]::new));
  }

  // ---- TLS itself ----

  @Test
  void curl_tls13_http2_basicAndKey() {
    String[] r = curl("--http2", "--tlsv1.3", "-D", "-", "-u", alice.email() + ":" + alice.password(),
        "-H", "X-Client-Key: " + app.key(), https("/v2/whoami"));
    assertThat(r[1]).isEqualTo("200");
    assertThat(r[0]).startsWith("HTTP/2 200").containsIgnoringCase("strict-transport-security: max-age=31536000; includeSubDomains")
        .contains("\"scheme\":\"basic\"");
  }

  @Test
  void curl_tls12_http11() {
    String[] r = curl("--http1.1", "--tlsv1.2", "--tls-max", "1.2", "-D", "-", "-u", alice.email() + ":" + alice.password(),
        "-H", "X-Client-Key: " + app.key(), https("/v2/whoami"));
    assertThat(r[1]).isEqualTo("200");
    assertThat(r[0]).startsWith("HTTP/1.1 200").contains("\"scheme\":\"basic\"");
  }

  @Test
  void tls11_refused() {
    var run = Harness.run("curl", "-s", "-o", "/dev/null", "--cacert", pki.caCert.toString(), "--tlsv1.1", "--tls-max", "1.1",
        https("/healthz"));
    assertThat(run.exit()).isNotZero();
  }

  @Test
  void javaClient_tls13_http2() {
    var r = send(client(null), HttpRequest.newBuilder(URI.create(https("/v2/whoami")))
        .header("Authorization", basic(alice.email(), alice.password())).header("X-Client-Key", app.key()));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(r.sslSession().orElseThrow().getProtocol()).isEqualTo("TLSv1.3");
    assertThat(r.headers().firstValue("Strict-Transport-Security")).contains("max-age=31536000; includeSubDomains");
  }

  @Test
  void plainHttpPort_redirectsToHttps() {
    var r = Harness.curl("-D", "-", "http://127.0.0.1:" + redirectPort + "/v2/whoami?x=1");
    assertThat(r[1]).isEqualTo("308");
    assertThat(r[0]).containsIgnoringCase("location: https://127.0.0.1:" + h.server.port() + "/v2/whoami?x=1");
    assertThat(Harness.curl("http://127.0.0.1:" + redirectPort + "/healthz")[1]).isEqualTo("200");
  }

  @Test
  void metrics_certificateExpiry() {
    var r = h.get("/metrics");
    long notAfter = server.x509().getNotAfter().getTime() / 1000;
    assertThat(expiryGauge(r.body())).isEqualTo(notAfter);
  }

  /** The value of portcullis_tls_certificate_expiry_seconds in a scrape. */
  static long expiryGauge(String metrics) {
    var m = java.util.regex.Pattern.compile("(?m)^portcullis_tls_certificate_expiry_seconds(?:\\{[^}]*\\})? (\\S+)$").matcher(metrics);
    assertThat(m.find()).as(metrics).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }

  // ---- client certificates ----

  @Test
  void mtls_boundCertificate_authenticatesAlone() {
    bind(app, aliceCert);
    var r = send(client(aliceCert), HttpRequest.newBuilder(URI.create(https("/v2/mtls/whoami"))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject who = json(r);
    assertThat(who.getString("scheme")).isEqualTo("mtls");
    assertThat(who.getString("client")).isEqualTo(app.key());
    assertThat(who.getString("account")).isEqualTo(alice.id());
    // curl with the PEM files
    String[] c = curl("--cert", aliceCert.leafOnly().toString(), "--key", aliceCert.key().toString(), https("/v2/mtls/whoami"));
    assertThat(c[1]).isEqualTo("200");
    assertThat(c[0]).contains("\"scheme\":\"mtls\"");
  }

  @Test
  void mtls_unboundOrNoCertificate_401() {
    TestPki.Issued loose = pki.client("nobody's");
    var r = send(client(loose), HttpRequest.newBuilder(URI.create(https("/v2/mtls/whoami"))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(401);
    assertThat(json(r).getString("error")).isEqualTo("invalid_client");
    var none = send(client(null), HttpRequest.newBuilder(URI.create(https("/v2/mtls/whoami"))));
    assertThat(none.statusCode()).as(none.body()).isEqualTo(401);
  }

  @Test
  void mtls_certificateOfAnotherCa_refusedInTheHandshake() {
    var run = Harness.run("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", pki.caCert.toString(), "--cert",
        strangerCert.leafOnly().toString(), "--key", strangerCert.key().toString(), https("/v2/mtls/whoami"));
    assertThat(run.out()).isNotEqualTo("200");
  }

  @Test
  void mtlsBind_basicWithItsOwnCertificate_passes_anotherRefused() {
    bind(otherApp, bobCert);
    String auth = basic(alice.email(), alice.password());
    var ok = send(client(bobCert), HttpRequest.newBuilder(URI.create(https("/v2/bound/whoami"))).header("Authorization", auth)
        .header("X-Client-Key", otherApp.key()));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(json(ok).getString("scheme")).isEqualTo("basic");
    TestPki.Issued loose = pki.client("loose");
    var wrong = send(client(loose), HttpRequest.newBuilder(URI.create(https("/v2/bound/whoami"))).header("Authorization", auth)
        .header("X-Client-Key", otherApp.key()));
    assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(403);
    assertThat(json(wrong).getString("additional")).isEqualTo("The client certificate presented is not bound to this client.");
    var none = send(client(null), HttpRequest.newBuilder(URI.create(https("/v2/bound/whoami"))).header("Authorization", auth)
        .header("X-Client-Key", otherApp.key()));
    assertThat(none.statusCode()).as(none.body()).isEqualTo(401);
  }

  @Test
  void rfc8705_tokenBoundToItsCertificate() {
    TestPki.Issued cert = pki.client("token app");
    String form = "grant_type=client_credentials";
    var issued = send(client(cert), HttpRequest.newBuilder(URI.create(https("/api/token")))
        .header("Authorization", basic(app.key(), app.secret())).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
    JsonObject body = json(issued);
    assertThat(body.getJsonObject("cnf").getString("x5t#S256")).isEqualTo(cert.thumbprint());
    String token = body.getString("access_token");
    String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
    assertThat(new JsonObject(payload).getJsonObject("cnf").getString("x5t#S256")).isEqualTo(cert.thumbprint());

    var same = send(client(cert), HttpRequest.newBuilder(URI.create(https("/api/whoami"))).header("Authorization", "Bearer " + token));
    assertThat(same.statusCode()).as(same.body()).isEqualTo(200);
    var other = send(client(bobCert), HttpRequest.newBuilder(URI.create(https("/api/whoami"))).header("Authorization", "Bearer " + token));
    assertThat(other.statusCode()).as(other.body()).isEqualTo(401);
    assertThat(json(other).getString("error")).isEqualTo("invalid_token");
    var none = send(client(null), HttpRequest.newBuilder(URI.create(https("/api/whoami"))).header("Authorization", "Bearer " + token));
    assertThat(none.statusCode()).as(none.body()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");

    // introspection tells the binding (RFC 8705 section 3.2)
    var introspected = send(client(null), HttpRequest.newBuilder(URI.create(https("/api/token/introspect")))
        .header("Authorization", basic(app.key(), app.secret())).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + token)));
    assertThat(json(introspected).getJsonObject("cnf").getString("x5t#S256")).as(introspected.body()).isEqualTo(cert.thumbprint());

    // without a certificate the token is a plain bearer token
    var plain = send(client(null), HttpRequest.newBuilder(URI.create(https("/api/token")))
        .header("Authorization", basic(app.key(), app.secret())).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)));
    assertThat(json(plain).containsKey("cnf")).isFalse();
    var anywhere = send(client(bobCert), HttpRequest.newBuilder(URI.create(https("/api/whoami")))
        .header("Authorization", "Bearer " + json(plain).getString("access_token")));
    assertThat(anywhere.statusCode()).as(anywhere.body()).isEqualTo(200);
  }

  @Test
  void admin_certificates_listBindUnbind() throws Exception {
    Harness.TestClient c = h.client(alice, false, "read");
    TestPki.Issued cert = pki.client("admin test");
    var created = h.admin("POST", "/admin/clients/" + c.key() + "/certificates",
        new JsonObject().put("certificate", Files.readString(cert.leafOnly())));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(json(created).getString("thumbprint")).isEqualTo(cert.thumbprint());
    var again = h.admin("POST", "/admin/clients/" + app.key() + "/certificates", new JsonObject().put("thumbprint", cert.thumbprint()));
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    var list = h.admin("GET", "/admin/clients/" + c.key() + "/certificates", null);
    assertThat(json(list).getJsonArray("certificates").getJsonObject(0).getString("thumbprint")).isEqualTo(cert.thumbprint());
    assertThat(send(client(cert), HttpRequest.newBuilder(URI.create(https("/v2/mtls/whoami")))).statusCode()).isEqualTo(200);
    // hex, as openssl prints it, names the same certificate
    String hex = java.util.HexFormat.ofDelimiter(":").withUpperCase()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(cert.x509().getEncoded()));
    assertThat(h.admin("DELETE", "/admin/clients/" + c.key() + "/certificates/" + hex, null).statusCode()).isEqualTo(204);
    assertThat(send(client(cert), HttpRequest.newBuilder(URI.create(https("/v2/mtls/whoami")))).statusCode()).isEqualTo(401);
    assertThat(h.admin("DELETE", "/admin/clients/" + c.key() + "/certificates/" + cert.thumbprint(), null).statusCode()).isEqualTo(404);
    assertThat(h.admin("POST", "/admin/clients/nope/certificates", new JsonObject().put("thumbprint", cert.thumbprint())).statusCode())
        .isEqualTo(404);
    assertThat(h.admin("POST", "/admin/clients/" + c.key() + "/certificates", new JsonObject().put("thumbprint", "abc")).statusCode())
        .isEqualTo(400);
  }

  @Test
  void forwardAuth_certificateFromTheTerminatorsHeader() throws Exception {
    TestPki.Issued cert = pki.client("behind nginx");
    bind(app, cert);
    String escaped = URLEncoder.encode(Files.readString(cert.leafOnly()), StandardCharsets.UTF_8).replace("+", "%20");
    var ok = send(client(null), HttpRequest.newBuilder(URI.create(https("/_portcullis/auth"))).header("X-Forwarded-Method", "GET")
        .header("X-Forwarded-Uri", "/v2/mtls/whoami").header("X-Forwarded-Proto", "https").header("X-Client-Cert", escaped));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.headers().firstValue("X-Portcullis-Scheme")).contains("mtls");
    assertThat(ok.headers().firstValue("X-Portcullis-Client")).contains(app.key());
    // the check connection's own certificate is not the client's
    var own = send(client(cert), HttpRequest.newBuilder(URI.create(https("/_portcullis/auth"))).header("X-Forwarded-Method", "GET")
        .header("X-Forwarded-Uri", "/v2/mtls/whoami").header("X-Forwarded-Proto", "https"));
    assertThat(own.statusCode()).as(own.body()).isEqualTo(401);
  }

  /** The served certificate of a new connection. */
  static X509Certificate served(int port, TestPki ca) throws Exception {
    javax.net.ssl.SSLSocketFactory f = ca.context(null).getSocketFactory();
    try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) f.createSocket("127.0.0.1", port)) {
      s.startHandshake();
      return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }
  }
}
