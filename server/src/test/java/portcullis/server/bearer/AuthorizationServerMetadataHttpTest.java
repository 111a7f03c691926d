package portcullis.server.bearer;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import portcullis.server.Harness;
import portcullis.server.testing.NodeClients;
import portcullis.server.testing.RunningGateway;

/**
 * RFC 8414 authorization-server metadata at {@code /.well-known/oauth-authorization-server}: its JSON
 * shape, and npm openid-client's {@code discovery()} (algorithm {@code oauth2}) followed by the
 * client-credentials grant it discovered, over plain http on loopback (its documented
 * {@code allowInsecureRequests}).
 */
class AuthorizationServerMetadataHttpTest {
  @RegisterExtension
  static final RunningGateway h = RunningGateway.demo();
  static final Harness.TestAccount owner = h.accountForClass("owner+rfc8414@example.com", "open sesame 10");
  static final Harness.TestClient app = h.clientForClass(owner, false, "read", "write");

  @Test
  void metadata_shape() {
    var r = h.get("/.well-known/oauth-authorization-server");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonObject m = Harness.json(r);
    assertThat(m.getString("issuer")).isEqualTo(h.base);
    assertThat(m.getString("token_endpoint")).isEqualTo(h.base + "/api/token");
    assertThat(m.getString("jwks_uri")).isEqualTo(h.base + "/.well-known/jwks.json");
    assertThat(m.getString("revocation_endpoint")).isEqualTo(h.base + "/api/token/revoke");
    assertThat(m.getString("introspection_endpoint")).isEqualTo(h.base + "/api/token/introspect");
    assertThat(m.getJsonArray("grant_types_supported").getList()).containsExactly("client_credentials");
    assertThat(m.getJsonArray("response_types_supported").getList()).isEmpty();
    assertThat(m.getJsonArray("token_endpoint_auth_methods_supported").getList())
        .containsExactly("client_secret_basic", "client_secret_post");
    // every advertised endpoint answers
    assertThat(h.get("/.well-known/jwks.json").statusCode()).isEqualTo(200);
    assertThat(List.of(h.send(h.request("/.well-known/oauth-authorization-server").DELETE()).statusCode())).containsExactly(405);
    assertThat(h.send(h.request("/.well-known/oauth-authorization-server").method("HEAD",
        java.net.http.HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
  }

  @Test
  void metadata_issuerConfiguredAsUrl_namesEndpointsUnderIt_andScopes() {
    try (Harness g = Harness.start("""
        scopes: [read, write]
        schemes:
          bearer:
            issuer: https://api.example.com/
        routes:
          - name: api-whoami
            path: /api/whoami
            upstream: sample
            schemes: [bearer]
        """)) {
      JsonObject m = Harness.json(g.get("/.well-known/oauth-authorization-server"));
      assertThat(m.getString("issuer")).isEqualTo("https://api.example.com");
      assertThat(m.getString("token_endpoint")).isEqualTo("https://api.example.com/api/token");
      assertThat(m.getJsonArray("scopes_supported").getList()).containsExactly("read", "write");
    }
  }

  @Test
  void openidClient_discoveryThenClientCredentials() {
    Harness.Run r = NodeClients.node(java.util.Map.of(), "openid-client.mjs", h.base, app.key(), app.secret());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    JsonObject out = new JsonObject(r.out().strip());
    assertThat(out.getJsonObject("metadata").getString("token_endpoint")).isEqualTo(h.base + "/api/token");
    String token = out.getJsonObject("token").getString("access_token");
    var who = h.get("/api/whoami", "Authorization", "Bearer " + token);
    assertThat(who.statusCode()).as(who.body()).isEqualTo(200);
    assertThat(Harness.json(who).getString("client")).isEqualTo(app.key());
  }
}
