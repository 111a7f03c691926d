package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import portcullis.server.cli.Main;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/** {@code portcullis sign oauth1 ...} prints a curl command that the gateway accepts (run by bash + curl). */
class OAuth1CliTest {
  static Map<String, String> access;

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(OAuth1Flow.TEST_YAML);
  static final Harness.TestClient app = h.clientForClass(h.accountForClass(), true, "read");
  static final Harness.TestAccount user = h.accountForClass();

  @BeforeAll
  static void start() {
    access = new OAuth1Flow(h).threeLegged(app, user, null);
  }

  static String sign(List<String> args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int code = Main.commandLine().execute(args.toArray(String[]::new));
      assertThat(code).isZero();
    } finally {
      System.setOut(old);
    }
    return buf.toString(StandardCharsets.UTF_8).trim();
  }

  @ParameterizedTest
  @CsvSource({"header,GET,HMAC-SHA1", "query,GET,HMAC-SHA256", "body,POST,PLAINTEXT"})
  void signOAuth1_printedCurlIsAccepted(String transport, String method, String sigMethod) {
    List<String> args = new ArrayList<>(List.of("sign", "oauth1", "--consumer-key", app.key(), "--consumer-secret", app.secret(),
        "--token", access.get("oauth_token"), "--token-secret", access.get("oauth_token_secret"), "--method", sigMethod,
        "--transport", transport, "-X", method));
    if (method.equals("POST")) {
      args.addAll(List.of("-d", "note=it's a test"));
    }
    args.add(h.base + "/v2/whoami?q=a%20b");
    String curl = sign(args);
    assertThat(curl).startsWith("curl ");
    Harness.Run run = Harness.run("bash", "-c", curl);
    assertThat(run.exit()).as(run.err()).isZero();
    JsonObject who = new JsonObject(run.out());
    assertThat(who.getString("account")).isEqualTo(user.id());
    assertThat(who.getString("scheme")).isEqualTo("oauth1");
  }
}
