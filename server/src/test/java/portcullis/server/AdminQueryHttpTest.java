package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * An admin request whose query has a malformed percent-encoding (java.net.http will not send one,
 * so raw sockets): the admin API's JSON 400 naming the problem, and nothing logged as an error.
 */
class AdminQueryHttpTest {

  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo().capturingLog();

  static String exchange(String request) {
    return h.raw(request);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/admin/accounts/x?a=%zz", "/admin/accounts/x?a=%", "/admin/accounts/x?a=%4", "/admin/clients/k?%zz=1",
      "/admin/accounts/x/clients?a=1&b=%g1", "/admin/accounts?a=%zz", "/admin/nope/x?a=%zz"})
  void malformedQuery_jsonBadRequest_noStackTrace(String target) throws Exception {
    String r = exchange("GET " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Harness.ADMIN_TOKEN
        + "\r\nConnection: close\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 400 ").containsIgnoringCase("content-type: application/json");
    JsonObject e = new JsonObject(r.substring(r.indexOf("\r\n\r\n") + 4));
    assertThat(e.fieldNames()).containsExactlyInAnyOrder("status", "message", "additional", "reference");
    assertThat(e.getInteger("status")).isEqualTo(400);
    assertThat(e.getString("message")).isEqualTo("Bad Request");
    assertThat(e.getString("additional"))
        .isEqualTo("The query string has a malformed percent-encoding (a % must be followed by two hex digits).");
    assertThat(e.getString("reference")).isNotEmpty();
    assertThat(h.log().text()).doesNotContain("Unhandled").doesNotContain("Exception").doesNotContain("invalid hex");
  }
}
