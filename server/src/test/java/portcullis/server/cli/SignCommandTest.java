package portcullis.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import portcullis.server.Harness;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/** {@code portcullis sign ksig1 ...} prints a curl command that the real gateway accepts. */
class SignCommandTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo();
  static final Harness.TestAccount alice = h.accountForClass("alice+sign@example.com", "open sesame 4");
  static final Harness.TestClient app = h.clientForClass(alice, false, "read");

  static String sign(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      int code = Main.commandLine().execute(args);
      assertThat(code).isZero();
    } finally {
      System.setOut(old);
    }
    return out.toString(StandardCharsets.UTF_8).strip();
  }

  static String[] runCurl(String command) {
    var r = Harness.run(List.of("bash", "-c", command.replaceFirst("^curl", "curl -s -S -w '\\\\n%{http_code}'")), null);
    assertThat(r.exit()).as(r.err()).isZero();
    int nl = r.out().lastIndexOf('\n');
    return new String[] {r.out().substring(0, nl), r.out().substring(nl + 1)};
  }

  @Test
  void signKsig1_get_curlAccepted() {
    String cmd = sign("sign", "ksig1", "--key", app.key(), "--secret", app.secret(), h.base + "/api/signed/whoami");
    assertThat(cmd).startsWith("curl ").contains("Authorization: KSig1-HMAC-SHA256 Signature=");
    String[] out = runCurl(cmd);
    assertThat(out[1]).as(out[0]).isEqualTo("200");
    assertThat(new JsonObject(out[0]).getString("account")).isEqualTo(alice.id());
  }

  @Test
  void signKsig1_postWithBodyQuoteAndHeader_curlAccepted() {
    String cmd = sign("sign", "ksig1", "--key", app.key(), "--secret", app.secret(), "-X", "POST", "-H", "Content-Type: application/json",
        "-d", "{\"note\":\"it's caf\u00e9\"}", h.base + "/api/signed/whoami?b=2&a=x+y");
    String[] out = runCurl(cmd);
    assertThat(out[1]).as(out[0]).isEqualTo("200");
  }

  @Test
  void signKsig1_rawUtf8QueryAndHeader_curlAccepted() {
    String cmd = sign("sign", "ksig1", "--key", app.key(), "--secret", app.secret(), "-H", "X-Note: caf\u00e9 \u2615",
        h.base + "/api/signed/whoami?q=caf\u00e9");
    // through bash's stdin (UTF-8), so curl gets the non-ASCII bytes whatever the JVM's locale
    var r = Harness.run(List.of("bash"), cmd.replaceFirst("^curl", "curl -s -S -w '\\\\n%{http_code}'"));
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).as(r.out()).endsWith("\n200");
  }
}
