package portcullis.server.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import portcullis.server.Harness;

/** {@code logging.access}: one JSON line per request, the fields operators need, none of the secrets it carried. */
class AccessLogHttpTest {
  @Test
  void oneLinePerRequest_fieldsWithoutSecrets() throws Exception {
    Path log = Harness.tempDir().resolve("logs/access.jsonl");
    String yaml = Harness.demoYaml() + "\nlogging:\n  access: " + log + "\n";
    try (Harness h = Harness.start(yaml)) {
      var alice = h.account("alice+access@example.com", "correct horse battery");
      var app = h.client(alice, false, "read");
      String good = basic(alice.email(), alice.password());
      assertThat(h.get("/v2/whoami?client_key=" + app.key() + "&password=" + alice.password().replace(" ", "+"), "Authorization", good,
          "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
          .statusCode()).isEqualTo(200);
      assertThat(h.get("/v2/whoami", "Authorization", basic(alice.email(), "Tr0ub4dor&3-wrong"), "X-Client-Key", app.key())
          .statusCode()).isEqualTo(401);
      assertThat(h.get("/nowhere").statusCode()).isEqualTo(404);
      h.get("/healthz");
      List<JsonObject> lines = LogLines.atLeast(log, 5); // two admin writes, three requests; /healthz is not logged
      assertThat(lines).hasSize(5);
      JsonObject ok = lines.get(2);
      assertThat(ok.fieldNames()).contains("time", "request_id", "route", "method", "path", "status", "scheme", "account_id",
          "client_key", "reason", "duration_ms", "upstream_ms", "bytes", "client_ip", "protocol");
      assertThat(ok.getString("route")).isEqualTo("v2-whoami");
      assertThat(ok.getString("method")).isEqualTo("GET");
      assertThat(ok.getString("path")).isEqualTo("/v2/whoami"); // never the query
      assertThat(ok.getInteger("status")).isEqualTo(200);
      assertThat(ok.getString("scheme")).isEqualTo("basic");
      assertThat(ok.getString("account_id")).isEqualTo(alice.id());
      assertThat(ok.getString("client_key")).isEqualTo(app.key());
      assertThat(ok.getString("reason")).isEqualTo("none");
      assertThat(ok.getDouble("duration_ms")).isGreaterThanOrEqualTo(ok.getDouble("upstream_ms"));
      assertThat(ok.getString("client_ip")).isEqualTo("127.0.0.1");
      assertThat(ok.getString("request_id")).hasSize(22);
      assertThat(ok.getString("trace_id")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736"); // continued without an exporter too
      assertThat(java.time.Instant.parse(ok.getString("time"))).isBefore(java.time.Instant.now().plusSeconds(1));
      JsonObject bad = lines.get(3);
      assertThat(bad.getInteger("status")).isEqualTo(401);
      assertThat(bad.getString("reason")).isEqualTo("bad_secret");
      assertThat(bad.getString("trace_id")).matches("[0-9a-f]{32}").isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736"); // started
      assertThat(bad.getString("scheme")).isEqualTo("basic");
      assertThat(bad.containsKey("account_id")).isFalse();
      assertThat(bad.containsKey("upstream_ms")).isFalse();
      JsonObject none = lines.get(4);
      assertThat(none.getString("route")).isEqualTo("no-route");
      assertThat(none.getInteger("status")).isEqualTo(404);
      assertThat(none.containsKey("reason")).isFalse();
      assertThat(lines.get(0).getString("route")).isEqualTo("admin");
      String text = Files.readString(log);
      assertThat(text).doesNotContain(alice.password()).doesNotContain("correct+horse").doesNotContain("Tr0ub4dor").doesNotContain(app.secret())
          .doesNotContain(Harness.ADMIN_TOKEN).doesNotContain(good.substring(6));
    }
  }
}
