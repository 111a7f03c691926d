package portcullis.server.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import portcullis.server.Harness;
import portcullis.server.audit.AuditLog;
import portcullis.server.cli.Main;

/**
 * {@code logging.audit}: every admin write and throttle as a JSON line (who, what, before → after,
 * from where), chained by SHA-256 so that {@code portcullis audit verify} finds an edited or deleted line.
 */
class AuditLogHttpTest {
  static int verify(Path file, StringBuilder out) {
    PrintStream saved = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      return Main.commandLine().execute("audit", "verify", file.toString());
    } finally {
      System.setOut(saved);
      out.append(buf.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void writesAndThrottles_chained_andVerifyFindsTampering() throws Exception {
    String yaml = Harness.demoYaml().replace("limits:\n", "limits:\n  failedLogins: {perIdentityAndIp: 3}\n");
    Path audit;
    List<String> secrets = new ArrayList<>();
    try (Harness h = Harness.start(yaml)) {
      audit = h.dataDir.resolve("audit.log"); // the default: <dataDir>/audit.log
      var alice = h.account("alice+audit@example.com", "audited password 1");
      var app = h.client(alice, false, "read");
      secrets.add(alice.password());
      secrets.add(app.secret());
      var rotated = h.admin("POST", "/admin/clients/" + app.key() + "/rotate-secret", new JsonObject());
      assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
      secrets.add(new JsonObject(rotated.body()).getString("client_secret"));
      assertThat(h.admin("PATCH", "/admin/accounts/" + alice.id(), new JsonObject().put("status", "locked")).statusCode()).isEqualTo(200);
      assertThat(h.admin("PATCH", "/admin/accounts/" + alice.id(), new JsonObject().put("status", "active")).statusCode()).isEqualTo(200);
      assertThat(h.admin("GET", "/admin/accounts/" + alice.id(), null).statusCode()).isEqualTo(200); // a read: not audited
      for (int i = 0; i < 4; i++) {
        h.get("/v2/whoami", "Authorization", basic(alice.email(), "wrong guess " + i), "X-Client-Key", app.key());
      }
      assertThat(h.get("/v2/whoami", "Authorization", basic(alice.email(), alice.password()), "X-Client-Key", app.key()).statusCode())
          .isEqualTo(429);
      h.get("/v2/whoami", "Authorization", basic(alice.email(), alice.password()), "X-Client-Key", app.key()); // same minute: no new line
      assertThat(h.admin("DELETE", "/admin/clients/" + app.key(), null).statusCode()).isEqualTo(204);

      List<JsonObject> e = LogLines.atLeast(audit, 7);
      assertThat(e).extracting(x -> x.getString("event")).containsExactly("admin", "admin", "admin", "admin", "admin", "throttle", "admin");
      JsonObject created = e.get(0);
      assertThat(created.getString("action")).isEqualTo("POST /admin/accounts");
      assertThat(created.getInteger("status")).isEqualTo(201);
      assertThat(created.getValue("before")).isNull();
      assertThat(created.getJsonObject("after").getString("id")).isEqualTo(alice.id());
      assertThat(created.getJsonObject("actor").getString("type")).isEqualTo("admin-token");
      assertThat(created.getString("from")).isEqualTo("127.0.0.1");
      assertThat(created.getString("request_id")).hasSize(22);
      assertThat(created.getLong("seq")).isEqualTo(1);
      assertThat(created.getString("prev")).isEqualTo(AuditLog.GENESIS);
      JsonObject newClient = e.get(1);
      assertThat(newClient.getJsonObject("after").getString("client_key")).isEqualTo(app.key());
      JsonObject locked = e.get(3);
      assertThat(locked.getString("action")).isEqualTo("PATCH /admin/accounts/" + alice.id());
      assertThat(locked.getJsonObject("before").getString("status")).isEqualTo("active");
      assertThat(locked.getJsonObject("after").getString("status")).isEqualTo("locked");
      JsonObject throttle = e.get(5);
      assertThat(throttle.getString("limit")).isNotBlank();
      assertThat(throttle.getString("route")).isEqualTo("v2-whoami");
      assertThat(throttle.getString("from")).isEqualTo("127.0.0.1");
      JsonObject deleted = e.get(6);
      assertThat(deleted.getJsonObject("before").getString("status")).isEqualTo("active");
      assertThat(deleted.getJsonObject("after").getString("status")).isNotEqualTo("active");
      String text = Files.readString(audit);
      for (String s : secrets) {
        assertThat(text).doesNotContain(s);
      }
    }
    StringBuilder out = new StringBuilder();
    assertThat(verify(audit, out)).as(out.toString()).isZero();
    assertThat(out).contains("7 line(s), chain intact");

    // an edited line: the next line's prev no longer matches
    List<String> lines = new ArrayList<>(Files.readAllLines(audit));
    Path edited = audit.resolveSibling("edited.log");
    List<String> e1 = new ArrayList<>(lines);
    e1.set(3, e1.get(3).replace("\"locked\"", "\"active\""));
    Files.write(edited, e1);
    out.setLength(0);
    assertThat(verify(edited, out)).as(out.toString()).isEqualTo(1);
    assertThat(out).contains("line 5: prev is not the SHA-256 of line 4");

    // a deleted line: the chain and the sequence both break
    Path cut = audit.resolveSibling("cut.log");
    List<String> e2 = new ArrayList<>(lines);
    e2.remove(2);
    Files.write(cut, e2);
    out.setLength(0);
    assertThat(verify(cut, out)).isEqualTo(1);
    assertThat(out).contains("line 3: prev is not the SHA-256 of line 2").contains("1 line(s) missing");

    // a restarted gateway continues the chain of the file it finds
    try (Harness h2 = Harness.node(yaml, java.time.InstantSource.system(), audit.getParent(), null)) {
      h2.account("bob+audit@example.com", "another password 2");
      LogLines.atLeast(audit, 8);
    }
    out.setLength(0);
    assertThat(verify(audit, out)).as(out.toString()).isZero();
    assertThat(out).contains("8 line(s), chain intact");
  }
}
