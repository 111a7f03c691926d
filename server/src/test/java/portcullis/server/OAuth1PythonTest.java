package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * The full three-legged flow driven by Debian's python3-requests-oauthlib (/usr/bin/python3), for
 * every signature method and every transport (header, query, form body).
 */
class OAuth1PythonTest {
  static Path script;
  static Path rsaKey;

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of(OAuth1Flow.TEST_YAML);
  static final Harness.TestClient app = h.clientForClass(h.accountForClass(), true, "read", "write");
  static final Harness.TestAccount user = h.accountForClass("py+user@example.com", "pässword with spaces");

  @BeforeAll
  static void start() throws Exception {
    script = Files.createTempFile("oauth1-flow", ".py");
    try (InputStream in = OAuth1PythonTest.class.getResourceAsStream("/oauth1/requests_oauthlib_flow.py")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    KeyPair kp = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    rsaKey = Files.createTempFile("oauth1-rsa", ".pem");
    Files.writeString(rsaKey, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(kp.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    String pub = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(kp.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    var r = h.admin("PUT", "/admin/clients/" + app.key() + "/oauth1-rsa-key", new JsonObject().put("public_key_pem", pub));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
  }

  @AfterAll
  static void stop() throws IOException {
    Files.deleteIfExists(script);
    Files.deleteIfExists(rsaKey);
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String m : List.of("HMAC-SHA1", "HMAC-SHA256", "PLAINTEXT", "RSA-SHA1")) {
      for (String t : List.of("AUTH_HEADER", "QUERY", "BODY")) {
        out.add(Arguments.of(m, t));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("cases")
  void threeLegged_requestsOAuthlib(String method, String type) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString(), h.base, app.key(), app.secret(),
        user.email(), user.password(), method, type));
    if (method.equals("RSA-SHA1")) {
      cmd.add(rsaKey.toString());
    }
    Harness.Run run = Harness.run(cmd, null);
    assertThat(run.exit()).as(run.err()).isZero();
    JsonObject out = new JsonObject(run.out().trim());
    assertThat(out.getInteger("status")).as(run.out()).isEqualTo(200);
    JsonObject who = out.getJsonObject("body");
    assertThat(who.getString("account")).isEqualTo(user.id());
    assertThat(who.getString("client")).isEqualTo(app.key());
    assertThat(who.getString("scheme")).isEqualTo("oauth1");
    assertThat(who.getJsonArray("scopes").getList()).containsExactly("read");
  }
}
