package portcullis.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.testing.RunningGateway;

/**
 * Gateway-owned endpoints (token endpoints, JWKS, OAuth pages, admin API) asked over HTTP/1.1
 * without a Host header, or with one that is not a host[:port]: 400 in each endpoint's own error
 * format, saying the Host is what to fix; never a 503, never an ERROR or a stack trace in the log.
 * HTTP/1.0 may leave Host out and is answered as usual.
 */
class OwnEndpointsHostHttpTest {

  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo().capturingLog();

  static String exchange(String request) {
    return h.raw(request);
  }

  /** {@code host} null: no Host header at all. */
  static String send(String method, String path, String host, String contentType, String body, String... headers) throws Exception {
    StringBuilder b = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    if (host != null) {
      b.append("Host: ").append(host).append("\r\n");
    }
    for (String x : headers) {
      b.append(x).append("\r\n");
    }
    if (contentType != null) {
      b.append("Content-Type: ").append(contentType).append("\r\n");
    }
    b.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\nConnection: close\r\n\r\n").append(body);
    return exchange(b.toString());
  }

  /** {@link #send}, asserting a 400 answer. */
  static String refused(String method, String path, String host, String contentType, String body, String... headers) throws Exception {
    String r = send(method, path, host, contentType, body, headers);
    assertThat(r).as(path).startsWith("HTTP/1.1 400 ");
    return r;
  }

  static JsonObject jsonBody(String raw) {
    return new JsonObject(body(raw));
  }

  static String body(String raw) {
    return raw.substring(raw.indexOf("\r\n\r\n") + 4);
  }

  static final String FORM = "application/x-www-form-urlencoded";
  static final String BASIC = "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString("k:s".getBytes());

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"a b", "[zz", "x:99999999"})
  void oauth2Endpoints_400InvalidRequest(String host) throws Exception {
    for (String path : List.of("/api/token", "/api/token/revoke", "/api/token/introspect")) {
      String r = refused("POST", path, host, FORM, "grant_type=client_credentials&token=x", BASIC);
      assertThat(r).containsIgnoringCase("content-type: application/json");
      JsonObject e = jsonBody(r);
      assertThat(e.fieldNames()).as(r).containsExactlyInAnyOrder("error", "error_description");
      assertThat(e.getString("error")).isEqualTo("invalid_request");
      assertThat(e.getString("error_description")).contains("Host");
    }
    String jwks = refused("GET", "/.well-known/jwks.json", host, null, "");
    assertThat(jsonBody(jwks).getString("error")).isEqualTo("invalid_request");
    assertThat(jsonBody(jwks).getString("error_description")).contains("Host");
    assertNoErrorLogged();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"a b"})
  void keyTokenEndpoints_400InTheirFormat(String host) throws Exception {
    for (String path : List.of("/v0/tokens", "/v0/users/authenticate")) {
      JsonObject e = jsonBody(refused("POST", path, host, "application/json", "{\"publicKey\":\"k\",\"secretKey\":\"s\",\"timestamp\":1}"));
      assertThat(e.getBoolean("status")).isFalse();
      JsonObject err = e.getJsonArray("errors").getJsonObject(0);
      assertThat(err.getInteger("code")).isEqualTo(400);
      assertThat(err.getString("type")).isEqualTo("BadRequest");
      assertThat(err.getString("message")).contains("Host");
    }
    assertNoErrorLogged();
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"a b"})
  void oauth1EndpointsAndPages_400(String host) throws Exception {
    for (String path : List.of("/v2/oauth/request_token", "/v2/oauth/access_token")) {
      JsonObject e = jsonBody(refused("POST", path, host, FORM, "", "Authorization: OAuth oauth_consumer_key=\"k\""));
      assertThat(e.fieldNames()).contains("status", "message", "additional", "reference");
      assertThat(e.getInteger("status")).isEqualTo(400);
      assertThat(e.getString("additional")).contains("Host");
    }
    for (String path : List.of("/v2/oauth/authorize?oauth_token=abc", "/developers/authorized-apps")) {
      String r = refused("GET", path, host, null, "");
      assertThat(r).containsIgnoringCase("content-type: text/html");
      assertThat(body(r)).contains("Host");
    }
    assertNoErrorLogged();
  }

  @Test
  void adminApi_400InItsFormat() throws Exception {
    String r = send("GET", "/admin/accounts/x", null, null, "", "Authorization: Bearer " + Harness.ADMIN_TOKEN);
    assertThat(r).startsWith("HTTP/1.1 400 ");
    JsonObject e = jsonBody(r);
    assertThat(e.getInteger("status")).isEqualTo(400);
    assertThat(e.getString("additional")).contains("Host");
    assertNoErrorLogged();
  }

  @Test
  void http10WithoutHost_answeredAsUsual() throws Exception {
    String jwks = exchange("GET /.well-known/jwks.json HTTP/1.0\r\n\r\n");
    assertThat(jwks).startsWith("HTTP/1.0 200 ");
    String token = exchange("POST /api/token HTTP/1.0\r\nContent-Type: " + FORM + "\r\nContent-Length: 29\r\n\r\ngrant_type=client_credentials");
    assertThat(token).startsWith("HTTP/1.0 401 ").contains("invalid_client");
    assertNoErrorLogged();
  }

  static void assertNoErrorLogged() {
    assertThat(h.log().text()).doesNotContain("unexpected failure").doesNotContain("Exception").doesNotContain("Unhandled");
  }
}
