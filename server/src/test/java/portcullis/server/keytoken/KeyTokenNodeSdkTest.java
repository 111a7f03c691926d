package portcullis.server.keytoken;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import portcullis.server.Harness;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * The official Marketcloud Node SDK ({@code marketcloud-node} from npm, seed 003) against the real
 * gateway, unchanged but for its {@code baseUrl}. The test installs it with {@code npm ci} from the
 * committed package-lock.json in src/test/node.
 */
class KeyTokenNodeSdkTest {
  static Path work;

  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo();
  static final Harness.TestAccount alice = h.accountForClass("alice+node@example.com", "open sesame 2");
  static final Harness.TestClient app = h.clientForClass(alice, false, "read");

  @BeforeAll
  static void start() throws Exception {
    work = installSdk();
  }

  static Path installSdk() throws IOException, InterruptedException {
    Path src = Path.of("src/test/node");
    Path dir = Path.of("target/node-sdk");
    Files.createDirectories(dir);
    for (String f : List.of("package.json", "package-lock.json", "marketcloud.js")) {
      Files.copy(src.resolve(f), dir.resolve(f), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.isDirectory(dir.resolve("node_modules/marketcloud-node"))) {
      Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error").directory(dir.toFile())
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("npm ci: " + out).isZero();
    }
    return dir;
  }

  static JsonObject runSdk(String mode, String secret) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("node", "marketcloud.js").directory(work.toFile());
    Map<String, String> env = pb.environment();
    env.put("BASE", h.base);
    env.put("PUBLIC_KEY", app.key());
    env.put("SECRET_KEY", secret);
    env.put("EMAIL", alice.email());
    env.put("PASSWORD", alice.password());
    env.put("MODE", mode);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    String err = new String(p.getErrorStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out + err).isZero();
    return new JsonObject(out.strip());
  }

  @Test
  void officialSdk_authenticateListProductsAndLogInUser() throws Exception {
    JsonObject r = runSdk("ok", app.secret());
    assertThat(r.getString("token")).isNotBlank();
    assertThat(r.getJsonObject("auth").getString("access")).isEqualTo("admin");
    assertThat(r.getJsonObject("auth").getString("token")).isEqualTo(r.getString("token"));
    assertThat(r.getJsonObject("products").getJsonArray("products")).isNotEmpty();
    JsonObject user = r.getJsonObject("user");
    assertThat(user.getBoolean("status")).isTrue();
    assertThat(user.getJsonObject("data").getJsonObject("user").getString("id")).isEqualTo(alice.id());
  }

  @Test
  void officialSdk_wrongSecret_seesSeedError() throws Exception {
    JsonObject r = runSdk("wrong-secret", "not the secret").getJsonObject("rejected");
    assertThat(r.getInteger("code")).isEqualTo(401);
    assertThat(r.getString("type")).isEqualTo("Unauthorized");
    assertThat(r.getString("message")).isEqualTo("Wrong credentials");
  }
}
