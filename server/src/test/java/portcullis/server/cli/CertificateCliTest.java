package portcullis.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.Harness;
import portcullis.server.http.TlsHttpTest;
import portcullis.server.testing.RunningGateway;
import portcullis.server.testing.TestPki;

/** `portcullis admin --cacert ... clients add-/list-/remove-certificate` against a gateway serving HTTPS. */
class CertificateCliTest {
  static final TestPki pki = TestPki.create("cli");
  static final TestPki.Issued server = pki.server(pki.dir.resolve("tls"), 5);

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(() -> TlsHttpTest.tlsYaml(server, pki, "optional", 0)).overTls(() -> pki.context(null));
  static final Harness.TestClient app = h.clientForClass(h.accountForClass(), false, "read");

  static String cli(String... args) {
    String[] all = new String[args.length + 7];
    System.arraycopy(new String[] {"admin", "--url", h.base, "--admin-token", Harness.ADMIN_TOKEN, "--cacert", pki.caCert.toString()}, 0,
        all, 0, 7);
    System.arraycopy(args, 0, all, 7, args.length);
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int code = Main.commandLine().execute(all);
      assertThat(code).as(buf.toString(StandardCharsets.UTF_8)).isZero();
      return buf.toString(StandardCharsets.UTF_8);
    } finally {
      System.setOut(old);
    }
  }

  static int code(String... args) {
    String[] all = new String[args.length + 7];
    System.arraycopy(new String[] {"admin", "--url", h.base, "--admin-token", Harness.ADMIN_TOKEN, "--cacert", pki.caCert.toString()}, 0,
        all, 0, 7);
    System.arraycopy(args, 0, all, 7, args.length);
    return Main.commandLine().execute(all);
  }

  @Test
  void addListRemove_overHttps() {
    assertThat(h.base).startsWith("https://");
    TestPki.Issued cert = pki.client("cli app");
    String added = cli("clients", "add-certificate", app.key(), "--certificate", cert.leafOnly().toString());
    assertThat(added).contains(cert.thumbprint());
    String listed = cli("clients", "list-certificates", app.key());
    assertThat(new JsonObject(listed.substring(listed.indexOf('{'))).getJsonArray("certificates").getJsonObject(0).getString("thumbprint"))
        .isEqualTo(cert.thumbprint());
    cli("clients", "remove-certificate", app.key(), cert.thumbprint());
    // a base64url thumbprint may start with a dash (1 in 64): it is the thumbprint, not an unknown option (was exit 2)
    String dashed = "-" + cert.thumbprint().substring(1);
    assertThat(code("clients", "remove-certificate", app.key(), dashed)).isEqualTo(1); // HTTP 404: bound to nothing
    assertThat(cli("clients", "list-certificates", app.key())).doesNotContain(cert.thumbprint());
  }
}
