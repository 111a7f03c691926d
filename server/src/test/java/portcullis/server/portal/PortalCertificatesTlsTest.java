package portcullis.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.http.TlsHttpTest;
import portcullis.server.testing.RunningGateway;
import portcullis.server.testing.TestPki;

/**
 * End to end over TLS: a certificate added on the app's page (pasted as PEM) lets the {@code mtls}
 * scheme authenticate a request presenting it at once (the binding cache is invalidated as the admin
 * API's writes do), and removing it there refuses the next request.
 */
class PortalCertificatesTlsTest {
  static final TestPki pki = TestPki.create("portal");
  static final TestPki.Issued server = pki.server(pki.dir.resolve("tls"), 10);
  static final TestPki.Issued appCert = pki.client("portal app");

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(() -> TlsHttpTest.tlsYaml(server, pki, "optional", 0) + """
        - name: mtls-whoami
          path: /v2/mtls/whoami
          schemes: [mtls]
      """).overTls(() -> pki.context(null));

  static HttpResponse<String> whoami(TestPki.Issued cert) {
    try {
      return HttpClient.newBuilder().sslContext(pki.context(cert)).build().send(HttpRequest.newBuilder(
          URI.create(h.base + "/v2/mtls/whoami")).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void certificateAddedOnThePortal_authenticatesWithMtls_untilRemoved() throws Exception {
    var account = h.account();
    PortalClient b = new PortalClient(h.base, pki.context(null));
    assertThat(b.signIn(account.email(), account.password()).statusCode()).isEqualTo(303);
    String key = b.register("TLS app")[0];
    String page = "/developers/apps/" + key;

    // unbound first (and so cached as unbound on this node)
    assertThat(whoami(appCert).statusCode()).isEqualTo(401);

    var added = b.post(page + "/certificates", Map.of("csrf", b.csrfOf(page), "certificate", Files.readString(appCert.leafOnly())));
    assertThat(added.statusCode()).as(added.body()).isEqualTo(303);
    assertThat(added.headers().firstValue("Location")).hasValue(page + "?n=certificate-added");
    assertThat(b.get(page).body()).contains("<code class=\"thumbprint\">" + appCert.thumbprint() + "</code>");

    var ok = whoami(appCert);
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    JsonObject who = new JsonObject(ok.body());
    assertThat(who.getString("scheme")).isEqualTo("mtls");
    assertThat(who.getString("client")).isEqualTo(key);

    // the admin API lists the binding the portal made
    var listed = h.admin("GET", "/admin/clients/" + key + "/certificates", null);
    assertThat(new JsonObject(listed.body()).getJsonArray("certificates").getJsonObject(0).getString("thumbprint"))
        .isEqualTo(appCert.thumbprint());

    var removed = b.post(page + "/certificates/" + appCert.thumbprint() + "/remove", Map.of("csrf", b.csrfOf(page)));
    assertThat(removed.statusCode()).as(removed.body()).isEqualTo(303);
    assertThat(whoami(appCert).statusCode()).isEqualTo(401);
  }
}
