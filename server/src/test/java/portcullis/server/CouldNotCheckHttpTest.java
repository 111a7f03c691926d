package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static portcullis.server.Harness.basic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * "Could not check" is not "rejected": a stored password hash that is not a valid PHC string makes
 * the request a 503 with Retry-After in the route's dialect and an ERROR line for the operator,
 * never a 401 telling a caller whose password may be right that it is wrong.
 */
class CouldNotCheckHttpTest {

  @RegisterExtension
  static final RunningGateway h = RunningGateway.of("""
        routes:
          - {path: /dash, upstream: sample, schemes: [basic], clientKey: none}
          - {path: /v0/whoami, upstream: sample, schemes: [keytoken]}
        """);

  @Test
  void malformedStoredHash_503AndAnErrorLine_not401() {
    Harness.TestAccount a = h.account();
    h.server.store().updatePassword(a.id(), "not-a-phc-string");
    h.server.directory().invalidateAll();
    try (LogCapture logs = new LogCapture()) {
      var r = h.get("/dash", "Authorization", basic(a.email(), a.password()));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(r.body()).contains("\"status\":503");
      assertThat(logs.warningsAndErrors()).contains("ERROR").contains("credentials could not be checked")
          .contains("not a valid Argon2 PHC string");
      logs.assertNoneOf(a.password());
    }
  }

  /** The key-token login endpoint answers the same 503 with Retry-After, in seed 003's shape. */
  @Test
  void malformedStoredHash_keyTokenLogin_503WithRetryAfter_not401() {
    Harness.TestAccount a = h.account();
    Harness.TestClient app = h.client(a, false, "read");
    h.server.store().updatePassword(a.id(), "not-a-phc-string");
    h.server.directory().invalidateAll();
    try (LogCapture logs = new LogCapture()) {
      var r = h.send(h.request("/v0/users/authenticate").header("Content-Type", "application/json")
          .header("Authorization", app.key())
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
              "{\"email\":\"" + a.email() + "\",\"password\":\"" + a.password() + "\"}")));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(r.body()).contains("\"status\":false").contains("ServiceUnavailable");
      assertThat(logs.warningsAndErrors()).contains("ERROR");
      logs.assertNoneOf(a.password());
    }
  }
}
