package portcullis.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import portcullis.server.Harness;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/** `portcullis admin ...` against a running gateway. */
class AdminCliTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo();

  record Out(int code, String out) {}

  /** {@code portcullis admin --url <gateway> --admin-token <token> ARGS}, its standard output. */
  static Out cli(String... args) {
    String[] all = new String[args.length + 5];
    all[0] = "admin";
    all[1] = "--url";
    all[2] = h.base;
    all[3] = "--admin-token";
    all[4] = Harness.ADMIN_TOKEN;
    System.arraycopy(args, 0, all, 5, args.length);
    return run(false, all);
  }

  /** The JSON object the CLI printed (the gateway in this JVM may log a line before it on the same stdout). */
  static JsonObject printed(Out out) {
    int start = out.out().startsWith("{") ? 0 : out.out().indexOf("\n{") + 1;
    return new JsonObject(out.out().substring(start));
  }

  /** {@code portcullis ARGS}, its standard error. */
  static Out cliStderr(String... args) {
    return run(true, args);
  }

  private static Out run(boolean stderr, String[] args) {
    PrintStream old = stderr ? System.err : System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(buf, true, StandardCharsets.UTF_8);
    if (stderr) {
      System.setErr(capture);
    } else {
      System.setOut(capture);
    }
    try {
      int code = Main.commandLine().execute(args);
      return new Out(code, buf.toString(StandardCharsets.UTF_8));
    } finally {
      if (stderr) {
        System.setErr(old);
      } else {
        System.setOut(old);
      }
    }
  }

  @Test
  void throttlesListAndClear_andAClientsRateLimit() {
    var owner = h.account();
    var app = h.client(owner, false, "read");
    for (int i = 0; i < 10; i++) {
      h.get("/api/dashboard/whoami", "Authorization", Harness.basic(owner.email(), "wrong " + i));
    }
    Out list = cli("throttles", "list");
    assertThat(list.code()).isZero();
    var throttles = new JsonObject(list.out()).getJsonArray("throttles");
    String id = null;
    for (int i = 0; i < throttles.size(); i++) {
      if (("account " + owner.id()).equals(throttles.getJsonObject(i).getString("subject"))) {
        id = throttles.getJsonObject(i).getString("id");
      }
    }
    assertThat(id).as(list.out()).isNotNull();
    assertThat(cli("throttles", "clear", id).code()).isZero();
    assertThat(cli("throttles", "clear", id).code()).isEqualTo(1);
    Out limited = cli("clients", "set-rate-limit", app.key(), "--requests", "100", "--window-seconds", "60");
    assertThat(printed(limited).getJsonObject("rate_limit").getInteger("requests")).isEqualTo(100);
    assertThat(printed(cli("clients", "set-rate-limit", app.key(), "--clear")).getValue("rate_limit")).isNull();
    assertThat(cli("clients", "set-rate-limit", app.key(), "--requests", "5").code()).isEqualTo(2);
  }

  @Test
  void accountsAndClients_roundTrip() {
    Out created = cli("accounts", "create", "--email", "cli+" + System.nanoTime() + "@example.com", "--password", "cli-password");
    assertThat(created.code()).isZero();
    String id = new JsonObject(created.out()).getString("id");
    assertThat(cli("accounts", "set-status", id, "locked").out()).contains("\"locked\"");
    Out client = cli("clients", "create", id, "--name", "cli app", "--scope", "read", "--scope", "write");
    assertThat(client.code()).isZero();
    String key = new JsonObject(client.out()).getString("client_key");
    assertThat(cli("clients", "get", key).out()).contains("cli app").doesNotContain("client_secret");
    assertThat(cli("clients", "rotate-secret", key).out()).contains("client_secret");
    assertThat(cli("clients", "revoke", key).code()).isZero();
    assertThat(cli("accounts", "get", "no-such-id").code()).isEqualTo(1);
  }

  @Test
  void oauth1RsaKeyAndAuthorizations_fromTheCli() throws Exception {
    Out created = cli("accounts", "create", "--email", "cli-rsa+" + System.nanoTime() + "@example.com", "--password", "cli-password");
    String id = new JsonObject(created.out()).getString("id");
    String key = new JsonObject(cli("clients", "create", id, "--name", "rsa app").out()).getString("client_key");
    var kp = java.security.KeyPairGenerator.getInstance("RSA");
    kp.initialize(2048);
    String pem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
        .encodeToString(kp.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    java.nio.file.Path file = java.nio.file.Files.createTempFile("rsa", ".pem");
    java.nio.file.Files.writeString(file, pem);
    assertThat(cli("clients", "set-oauth1-rsa-key", key, "--pem-file", file.toString()).code()).isZero();
    assertThat(cli("clients", "delete-oauth1-rsa-key", key).code()).isZero();
    assertThat(cli("accounts", "authorizations", id).out()).contains("\"authorizations\"");
    assertThat(cli("accounts", "revoke-authorization", id, key).code()).isEqualTo(1); // 404: nothing authorized
  }

  @Test
  void help_namesEveryValue_noArgN() {
    for (String[] cmd : new String[][] {{"accounts", "create"}, {"accounts", "set-password"}, {"clients", "create"},
        {"clients", "rotate-secret"}, {"clients", "set-oauth1-rsa-key"}, {"accounts", "revoke-authorization"}}) {
      String[] args = new String[cmd.length + 2];
      args[0] = "admin";
      System.arraycopy(cmd, 0, args, 1, cmd.length);
      args[args.length - 1] = "--help";
      Out help = run(false, args);
      assertThat(help.out()).as(String.join(" ", cmd)).doesNotContainPattern("<arg\\d+>").contains("Usage:");
    }
  }

  @Test
  void badOrUnreachableUrl_oneLineMessageNoStackTrace() {
    Out bad = cliStderr("admin", "--url", "not a url", "--admin-token", Harness.ADMIN_TOKEN, "accounts", "get", "x");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.out()).contains("portcullis admin: bad --url").doesNotContain("Exception").doesNotContain("\tat ");
    Out noScheme = cliStderr("admin", "--url", "127.0.0.1:8080", "--admin-token", Harness.ADMIN_TOKEN, "accounts", "get", "x");
    assertThat(noScheme.code()).isEqualTo(2);
    assertThat(noScheme.out()).contains("bad --url").doesNotContain("\tat ");
    Out down = cliStderr("admin", "--url", "http://127.0.0.1:9", "--admin-token", Harness.ADMIN_TOKEN, "accounts", "get", "x");
    assertThat(down.code()).isEqualTo(3);
    assertThat(down.out()).contains("cannot reach http://127.0.0.1:9").doesNotContain("null");
  }
}
